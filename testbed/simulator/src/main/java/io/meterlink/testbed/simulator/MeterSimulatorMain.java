package io.meterlink.testbed.simulator;

import io.meterlink.testbed.simulator.MeterRegistryFile.RegistryFileException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code meter-simulator} command: runs a {@link MeterFleet} from command-line options, prints a progress line
 * every few seconds and a summary at the end. {@link #run} is the whole program without {@link System#exit}, so
 * tests and the local run can start it in-process and read its exit status.
 */
public final class MeterSimulatorMain {

    public static final int EXIT_OK = 0;
    /** No meter can connect: broker unreachable, or every CONNECT refused or not authorized. */
    public static final int EXIT_FAILED = 1;
    /** Bad option or unreadable registry: nothing was started. */
    public static final int EXIT_USAGE = 2;

    private static final long TICK_MS = 100;
    private static final String LOG_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    public MeterSimulatorMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (System.getProperty(LOG_FORMAT_PROPERTY) == null) {
            // One short line per log record instead of java.util.logging's default two.
            System.setProperty(LOG_FORMAT_PROPERTY, "%1$tT %4$s %5$s%6$s%n");
        }
        MeterSimulatorMain main = new MeterSimulatorMain(System.out, System.err);
        // Ctrl-C stops the fleet cleanly (meters disconnect) instead of leaving half-open sessions on the broker.
        Runtime.getRuntime().addShutdownHook(new Thread(main::requestStopAndWait, "meter-simulator-stop"));
        System.exit(main.run(args));
    }

    /** Asks a running {@link #run} to stop as if its duration had ended. */
    public void requestStop() {
        stopRequested.countDown();
    }

    private void requestStopAndWait() {
        requestStop();
        try {
            finished.await(MeterFleet.STOP_DRAIN.toSeconds() + 15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the simulator to its end and returns the exit status. */
    public int run(String... args) {
        try {
            return runFleet(args);
        } finally {
            finished.countDown();
        }
    }

    private int runFleet(String[] args) {
        SimulatorOptions options;
        MeterFleet fleet;
        try {
            options = SimulatorOptions.parse(args);
            if (options.help) {
                out.print(SimulatorOptions.USAGE);
                return EXIT_OK;
            }
            fleet = options.toBuilder().build();
        } catch (RegistryFileException e) {
            err.println("meter-simulator: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IllegalArgumentException e) {
            err.println("meter-simulator: " + e.getMessage());
            err.println("Try --help.");
            return EXIT_USAGE;
        }

        out.println(banner(options, fleet));
        fleet.start();
        long startNanos = System.nanoTime();
        long deadlineNanos = options.duration == null ? Long.MAX_VALUE : startNanos + options.duration.toNanos();
        long progressNanos = options.progress.toNanos();
        long nextProgress = startNanos + progressNanos;
        FleetStats previous = fleet.stats();
        long previousAt = startNanos;
        boolean reportedAllConnected = false;
        try {
            while (true) {
                boolean stop = stopRequested.await(TICK_MS, TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                Optional<String> failure = fleet.failure();
                if (failure.isPresent()) {
                    out.println(progressLine(fleet.stats(), previous, now - previousAt, now - startNanos));
                    err.println("meter-simulator: " + failure.get());
                    return EXIT_FAILED;
                }
                if (!reportedAllConnected && fleet.allConnectedAfter().isPresent()) {
                    reportedAllConnected = true;
                    out.printf(Locale.ROOT, "all %d meters connected in %.2f s (heap used %d MiB)%n",
                            fleet.identities().size(), fleet.allConnectedAfter().get().toMillis() / 1000.0,
                            usedHeapMiB());
                }
                if (now >= nextProgress) {
                    FleetStats stats = fleet.stats();
                    out.println(progressLine(stats, previous, now - previousAt, now - startNanos));
                    previous = stats;
                    previousAt = now;
                    nextProgress = now + progressNanos;
                }
                if (stop || now >= deadlineNanos) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            fleet.stop();
        }
        FleetStats end = fleet.stats();
        out.printf(Locale.ROOT, "stopped after %.1f s: %d readings published, %d pending, %d dropped, %d commands"
                + " received (%d invalid), %d meters switched to the platform, %d errors%n",
                (System.nanoTime() - startNanos) / 1e9,
                end.published(), end.pending(), end.dropped(), end.commandsReceived(), end.invalidCommands(),
                end.switchedToPlatform(), end.errors());
        return EXIT_OK;
    }

    private static String banner(SimulatorOptions o, MeterFleet fleet) {
        int legacy = o.legacyCount + o.legacyNames.size();
        return String.format(Locale.ROOT, "simulating %d meters from %s: platform %s%s, reading every %s (%s)%s",
                fleet.identities().size(), o.registry, o.mqtt,
                legacy == 0 ? "" : ", " + legacy + " legacy on " + o.legacyMqtt + " until CMD,<seq>,"
                        + String.join(",", o.switchCommand),
                DurationText.format(o.interval), o.mode,
                o.duration == null ? ", until Ctrl-C" : ", for " + DurationText.format(o.duration));
    }

    /** One line of progress; the rate is over the time since the previous line. */
    static String progressLine(FleetStats s, FleetStats previous, long sinceNanos, long elapsedNanos) {
        double seconds = Math.max(sinceNanos, 1) / 1e9;
        double rate = (s.published() - previous.published()) / seconds;
        return String.format(Locale.ROOT,
                "[%6.1fs] connected %d/%d (legacy %d, platform %d)  published %d (%.1f/s)  pending %d  "
                        + "commands %d  switched %d  errors %d%s",
                elapsedNanos / 1e9, s.connected(), s.meters(), s.connectedLegacy(), s.connectedPlatform(),
                s.published(), rate, s.pending(), s.commandsReceived(), s.switchedToPlatform(), s.errors(),
                s.gaveUp() > 0 ? "  gave up " + s.gaveUp() : "");
    }

    private static long usedHeapMiB() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }
}
