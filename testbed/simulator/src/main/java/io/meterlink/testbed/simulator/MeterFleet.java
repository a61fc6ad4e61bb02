package io.meterlink.testbed.simulator;

import io.meterlink.domain.frame.CommandFrame;
import io.meterlink.domain.frame.CommandFrameCodec;
import io.meterlink.domain.frame.CommandFrameResult;
import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.testbed.simulator.SimulatedMeter.ConnectFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fleet of simulated meters on one Vert.x event loop: the library behind the {@code meter-simulator} command, also
 * started in-process by the local run and the cross-service tests. Build it, {@link #start()} it, watch the counters,
 * {@link #stop()} it.
 *
 * <pre>{@code
 * try (MeterFleet fleet = MeterFleet.builder()
 *         .registry(Path.of("devices.csv")).meters(1000)
 *         .platform("tcp://127.0.0.1:1883")
 *         .interval(Duration.ofSeconds(5))
 *         .build().start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>All meter state lives on the fleet's single event loop; the accessors here read thread-safe snapshots.
 */
public final class MeterFleet implements AutoCloseable {

    /** How long stopping waits for acknowledgements of readings already in flight. */
    static final Duration STOP_DRAIN = Duration.ofSeconds(2);
    /** How long a switching meter waits for the legacy broker to acknowledge what is in flight. */
    static final Duration SWITCH_DRAIN = Duration.ofSeconds(5);
    /** Meters started per event-loop task, so starting 100,000 never holds the loop for long. */
    private static final int START_BATCH = 1000;
    /** Per kind of problem, this many are logged in full; after that one in {@link #LOG_EVERY}. */
    private static final int LOG_FIRST = 10;
    private static final int LOG_EVERY = 1000;

    private static final Logger LOG = Logger.getLogger(MeterFleet.class.getName());

    /**
     * Vert.x logs every refused CONNECT at ERROR; the fleet counts and reports those itself (sparsely), and 100,000
     * meters refused at once would otherwise print 100,000 stack-less lines. Held strongly so the level sticks.
     */
    private static final Logger VERTX_MQTT_CLIENT_LOG = Logger.getLogger("io.vertx.mqtt.impl.MqttClientImpl");

    static {
        VERTX_MQTT_CLIENT_LOG.setLevel(Level.OFF);
    }

    private final FleetSettings settings;
    private final List<MeterIdentity> identities;
    private final Set<String> legacyMeters;
    private final FleetCounters counters = new FleetCounters();
    /** Filled once by {@link #start()}, then only read (from any thread). */
    private volatile Map<String, SimulatedMeter> meters = Map.of();
    private final Map<String, Long> logged = new HashMap<>();
    private final Map<ConnectFailure, Integer> gaveUpBy = new EnumMap<>(ConnectFailure.class);
    private final CountDownLatch failed = new CountDownLatch(1);
    private final SplittableRandom jitter;

    private Vertx vertx;
    private Context context;
    private ConnectGate gate;
    private Instant simulatedStart;
    private long startedAtNanos;
    private volatile Duration allConnectedAfter;
    private volatile String failure;
    private volatile boolean started;
    private volatile boolean stopped;

    private MeterFleet(FleetSettings settings, List<MeterIdentity> identities, Set<String> legacyMeters) {
        this.settings = settings;
        this.identities = identities;
        this.legacyMeters = legacyMeters;
        this.jitter = new SplittableRandom(settings.seed());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects every meter (at most {@code connectConcurrency} CONNECTs at a time) and starts their reading
     * schedules. Returns at once; watch {@link #stats()} or {@link #failure()} for the outcome.
     *
     * @throws IllegalStateException when called twice
     */
    public synchronized MeterFleet start() {
        if (started) {
            throw new IllegalStateException("fleet already started");
        }
        started = true;
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        context = vertx.getOrCreateContext();
        gate = new ConnectGate(settings.connectConcurrency());
        long now = System.currentTimeMillis();
        long periodMs = settings.meteringPeriod().toMillis();
        simulatedStart = Instant.ofEpochMilli(Math.floorDiv(now, periodMs) * periodMs);
        startedAtNanos = System.nanoTime();
        Map<String, SimulatedMeter> created = new LinkedHashMap<>();
        for (MeterIdentity identity : identities) {
            created.put(identity.deviceName(), new SimulatedMeter(this, settings, identity,
                    legacyMeters.contains(identity.deviceName()), vertx));
        }
        meters = Collections.unmodifiableMap(created);
        List<SimulatedMeter> all = List.copyOf(created.values());
        for (int from = 0; from < all.size(); from += START_BATCH) {
            List<SimulatedMeter> batch = all.subList(from, Math.min(all.size(), from + START_BATCH));
            context.runOnContext(v -> batch.forEach(m -> m.start(System.currentTimeMillis())));
        }
        return this;
    }

    /**
     * Stops every meter: no more readings, in-flight ones get a moment to be acknowledged, connections are closed
     * cleanly. Readings still buffered by offline meters are discarded. Idempotent.
     */
    public synchronized void stop() {
        if (!started || stopped) {
            return;
        }
        stopped = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            List<Future<Void>> stops = new ArrayList<>(meters.size());
            meters.values().forEach(m -> stops.add(m.stop()));
            Future.join(stops).onComplete(ar -> done.complete(null));
        });
        try {
            done.get(STOP_DRAIN.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warning("meters did not all disconnect cleanly within " + (STOP_DRAIN.toSeconds() + 10) + " s");
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "stopping meters failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "event loop did not close cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public FleetStats stats() {
        return counters.snapshot(identities.size());
    }

    /** Readings acknowledged by the broker. */
    public long published() {
        return counters.published.get();
    }

    /** Valid command frames received by all meters. */
    public long commandsReceived() {
        return counters.commandsReceived.get();
    }

    public long errors() {
        return counters.errors.get();
    }

    /** Meters online now, on either endpoint. */
    public long connected() {
        return counters.connectedLegacy.get() + counters.connectedPlatform.get();
    }

    /** Legacy meters that took the switch command and connected to the platform. */
    public long switchedToPlatform() {
        return counters.switchedToPlatform.get();
    }

    /** The valid commands one meter received, in arrival order. */
    public List<CommandFrame> commandsReceived(String deviceName) {
        return meter(deviceName).commands();
    }

    /**
     * @throws IllegalArgumentException when the meter is not in this fleet
     */
    public MeterStatus meter(String deviceName) {
        SimulatedMeter meter = meters.get(deviceName);
        if (meter == null) {
            if (identities.stream().anyMatch(i -> i.deviceName().equals(deviceName))) {
                throw new IllegalStateException("fleet not started");
            }
            throw new IllegalArgumentException("meter " + deviceName + " is not in this fleet");
        }
        return meter.status();
    }

    /** The meters in registry order. */
    public List<MeterIdentity> identities() {
        return identities;
    }

    /** Offset of a meter's readings inside the interval (0 in burst mode). */
    long offsetMs(String deviceName) {
        return meters.get(deviceName).offsetMs();
    }

    /** How long it took until every meter was online at the same time, once that has happened. */
    public Optional<Duration> allConnectedAfter() {
        return Optional.ofNullable(allConnectedAfter);
    }

    /** Why the fleet cannot work (every meter gave up connecting), or empty while it can. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Waits up to {@code timeout} for an unrecoverable failure; empty if none happened. */
    public Optional<String> awaitFailure(Duration timeout) throws InterruptedException {
        failed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return failure();
    }

    // ---- called by meters on the event loop ------------------------------------------------------------------------

    FleetCounters counters() {
        return counters;
    }

    ConnectGate gate() {
        return gate;
    }

    Instant simulatedStart() {
        return simulatedStart;
    }

    double jitter() {
        return jitter.nextDouble();
    }

    void meterConnected() {
        if (allConnectedAfter == null && connected() == identities.size()) {
            allConnectedAfter = Duration.ofNanos(System.nanoTime() - startedAtNanos);
        }
    }

    void meterGaveUp(SimulatedMeter meter, ConnectFailure cause, MqttEndpoint target) {
        counters.gaveUp.incrementAndGet();
        gaveUpBy.merge(cause, 1, Integer::sum);
        error("gave-up", meter.deviceName() + " gave up connecting to " + target + " after "
                + settings.connectAttempts() + " attempts");
        if (counters.gaveUp.get() == identities.size()) {
            StringBuilder why = new StringBuilder("no meter could connect after ").append(settings.connectAttempts())
                    .append(" attempts each:");
            gaveUpBy.forEach((kind, count) -> why.append(' ').append(count).append(' ').append(switch (kind) {
                case NOT_AUTHORIZED -> "not authorized (CONNACK 5/4: unknown device or bad signature)";
                case REFUSED -> "refused by the broker (other CONNACK code)";
                case UNREACHABLE -> "could not reach the broker";
            }).append(';'));
            why.setLength(why.length() - 1);
            failure = why.append(" (platform ").append(settings.platform())
                    .append(settings.legacy() == null ? "" : ", legacy " + settings.legacy()).append(')').toString();
            LOG.severe(failure);
            failed.countDown();
        }
    }

    /** Counts a problem and logs it, in full for the first few of its kind and sparsely after that. */
    void error(String kind, String message) {
        counters.errors.incrementAndGet();
        log(Level.WARNING, kind, message);
    }

    void info(String message) {
        log(Level.INFO, "info", message);
    }

    void debug(String message) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(message);
        }
    }

    private void log(Level level, String kind, String message) {
        long n = logged.merge(kind, 1L, Long::sum);
        if (n <= LOG_FIRST) {
            LOG.log(level, message);
        } else if (n % LOG_EVERY == 0) {
            LOG.log(level, message + " (" + n + " of this kind so far)");
        }
    }

    /** Collects the fleet's settings; every one has a default fit for the local run except the meters and endpoint. */
    public static final class Builder {
        private List<MeterIdentity> identities;
        private int meterLimit = Integer.MAX_VALUE;
        private String platform;
        private String legacyBroker;
        private int legacyFirst;
        private final Set<String> legacyNames = new LinkedHashSet<>();
        private List<String> switchCommand = List.of("OTA", "platform");
        private Duration interval = Duration.ofMinutes(15);
        private PublishMode mode = PublishMode.SPREAD;
        private Duration meteringPeriod = Duration.ofMinutes(15);
        private double alarmRate = EventRates.DEFAULT.alarm();
        private double tamperRate = EventRates.DEFAULT.tamper();
        private double weakSignalRate = EventRates.DEFAULT.weakSignal();
        private long seed = 1;
        private SignMethod signMethod = SignMethod.HMACSHA1;
        private int securemode = DeviceSigner.SECUREMODE_TCP;
        private Duration keepAlive = Duration.ofSeconds(300);
        private boolean cleanSession;
        private int connectAttempts = 5;
        private Duration reconnectInitial = Duration.ofSeconds(1);
        private Duration reconnectMax = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int connectConcurrency = 100;
        private int maxInflight = 10;
        private int maxPending = 672;
        private ReadingListener listener = ReadingListener.NONE;

        private Builder() {
        }

        /** The meters to simulate, in order. */
        public Builder meters(List<MeterIdentity> meters) {
            this.identities = List.copyOf(meters);
            return this;
        }

        /** Reads the meters from a registry file (see {@link MeterRegistryFile}). */
        public Builder registry(Path file) {
            return meters(MeterRegistryFile.read(file));
        }

        /** Simulates only the first {@code count} meters of the registry. */
        public Builder meters(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("meters " + count + " is not at least 1");
            }
            this.meterLimit = count;
            return this;
        }

        /** The IoT Platform device endpoint, {@code tcp://host:port}. */
        public Builder platform(String mqttUri) {
            this.platform = mqttUri;
            return this;
        }

        /** The self-managed broker legacy meters start on, {@code tcp://host:port}. */
        public Builder legacyBroker(String mqttUri) {
            this.legacyBroker = mqttUri;
            return this;
        }

        /** The first {@code count} meters start as legacy meters. */
        public Builder legacy(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("legacy " + count + " is negative");
            }
            this.legacyFirst = count;
            return this;
        }

        /** These meters start as legacy meters. */
        public Builder legacy(Collection<String> deviceNames) {
            legacyNames.addAll(deviceNames);
            return this;
        }

        /** Command arguments that move a legacy meter to the platform, e.g. {@code OTA, platform}. */
        public Builder switchCommand(List<String> args) {
            CommandFrameResult check = CommandFrameCodec.validate(CommandFrameCodec.MIN_SEQ, args);
            if (check instanceof CommandFrameResult.Rejected rejected) {
                throw new IllegalArgumentException("switch command: " + rejected.rejection());
            }
            this.switchCommand = List.copyOf(args);
            return this;
        }

        public Builder interval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval " + interval + " is not positive");
            }
            this.interval = interval;
            return this;
        }

        public Builder mode(PublishMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Consumption one reading adds; 15 minutes by default whatever the interval. */
        public Builder meteringPeriod(Duration period) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("metering period " + period + " is not positive");
            }
            this.meteringPeriod = period;
            return this;
        }

        public Builder alarmRate(double rate) {
            this.alarmRate = rate;
            return this;
        }

        public Builder tamperRate(double rate) {
            this.tamperRate = rate;
            return this;
        }

        public Builder weakSignalRate(double rate) {
            this.weakSignalRate = rate;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder signMethod(SignMethod method) {
            this.signMethod = Objects.requireNonNull(method, "signMethod");
            return this;
        }

        /** 3 (plain TCP, what the stand-in accepts) or 2 (TLS, as written in the clientId). */
        public Builder securemode(int securemode) {
            this.securemode = securemode;
            return this;
        }

        /** MQTT keepalive; the platform accepts 30 s to 1200 s. */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /** True drops commands sent while a meter is offline; false (default) keeps them, as meters do. */
        public Builder cleanSession(boolean cleanSession) {
            this.cleanSession = cleanSession;
            return this;
        }

        /** Attempts before a meter that never connected gives up; when all give up the fleet has failed. */
        public Builder connectAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("connect attempts " + attempts + " is not at least 1");
            }
            this.connectAttempts = attempts;
            return this;
        }

        /** Backoff between attempts: starts at {@code initial}, doubles, never above {@code max}. */
        public Builder reconnectDelay(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("reconnect delay " + initial + ".." + max + " is not positive"
                        + " and increasing");
            }
            this.reconnectInitial = initial;
            this.reconnectMax = max;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connect timeout " + timeout + " is not positive");
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** CONNECTs outstanding at once across the fleet. */
        public Builder connectConcurrency(int concurrency) {
            this.connectConcurrency = concurrency;
            return this;
        }

        /** Readings a meter keeps while offline before dropping the oldest (default: a week of quarter hours). */
        public Builder maxPending(int readings) {
            if (readings < 1) {
                throw new IllegalArgumentException("max pending " + readings + " is not at least 1");
            }
            this.maxPending = readings;
            return this;
        }

        public Builder readingListener(ReadingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting that is missing or inconsistent
         */
        public MeterFleet build() {
            if (identities == null || identities.isEmpty()) {
                throw new IllegalArgumentException("no meters: give a registry file or a list of meters");
            }
            List<MeterIdentity> chosen = identities.subList(0, Math.min(meterLimit, identities.size()));
            if (platform == null) {
                throw new IllegalArgumentException("the IoT Platform MQTT endpoint (--mqtt) is missing");
            }
            MqttEndpoint platformEndpoint = MqttEndpoint.parse(platform);
            Set<String> legacy = new LinkedHashSet<>();
            if (legacyFirst > chosen.size()) {
                throw new IllegalArgumentException("legacy " + legacyFirst + " is more than the " + chosen.size()
                        + " simulated meters");
            }
            chosen.subList(0, legacyFirst).forEach(m -> legacy.add(m.deviceName()));
            for (String name : legacyNames) {
                if (chosen.stream().noneMatch(m -> m.deviceName().equals(name))) {
                    throw new IllegalArgumentException("legacy meter " + name + " is not among the simulated meters");
                }
                legacy.add(name);
            }
            MqttEndpoint legacyEndpoint = null;
            if (!legacy.isEmpty()) {
                if (legacyBroker == null) {
                    throw new IllegalArgumentException(legacy.size()
                            + " legacy meters need the legacy broker (--legacy-mqtt)");
                }
                legacyEndpoint = MqttEndpoint.parse(legacyBroker);
            }
            if (securemode != DeviceSigner.SECUREMODE_TCP && securemode != DeviceSigner.SECUREMODE_TLS) {
                throw new IllegalArgumentException("securemode " + securemode + " is not 2 or 3");
            }
            long keepAliveSeconds = keepAlive.toSeconds();
            if (keepAliveSeconds < 30 || keepAliveSeconds > 1200) {
                throw new IllegalArgumentException("keepalive " + keepAliveSeconds
                        + " s is outside the 30-1200 s the platform accepts");
            }
            if (connectConcurrency < 1) {
                throw new IllegalArgumentException("connect concurrency " + connectConcurrency
                        + " is not at least 1");
            }
            FleetSettings settings = new FleetSettings(platformEndpoint, legacyEndpoint, interval, mode,
                    meteringPeriod, new EventRates(alarmRate, tamperRate, weakSignalRate), seed, signMethod,
                    securemode, (int) keepAliveSeconds, cleanSession, switchCommand, connectAttempts,
                    reconnectInitial, reconnectMax, connectTimeout, connectConcurrency, maxInflight, maxPending,
                    listener);
            return new MeterFleet(settings, List.copyOf(chosen), Set.copyOf(legacy));
        }
    }
}
