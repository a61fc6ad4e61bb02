package io.meterlink.testbed.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.testbed.embedded.ArtemisBroker;
import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.meterlink.testbed.embedded.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a user runs it: options in, progress and exit status out. */
class MeterSimulatorMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void runsForItsDurationPrintingProgressAndExitsZero() throws Exception {
        ArtemisBroker broker = EmbeddedInfrastructure.broker();
        Path registry = registry("cli", 5);
        try (TopicRecorder recorder = TopicRecorder.connect(broker.mqttUri(), "observer-cli")
                .subscribe("/" + TestMeters.PRODUCT_KEY + "/+/user/data/up")) {
            int status = run("--registry", registry.toString(), "--mqtt", broker.mqttUri(), "--meters", "3",
                    "--interval", "1s", "--mode", "burst", "--duration", "3500ms", "--progress", "1s");

            assertEquals(MeterSimulatorMain.EXIT_OK, status, stderr());
            String printed = stdout();
            assertTrue(printed.contains("simulating 3 meters from " + registry), printed);
            assertTrue(printed.contains("all 3 meters connected in"), printed);
            assertTrue(printed.contains("connected 3/3 (legacy 0, platform 3)"), printed);
            Matcher summary = Pattern.compile("stopped after [0-9.]+ s: (\\d+) readings published").matcher(printed);
            assertTrue(summary.find(), printed);
            long published = Long.parseLong(summary.group(1));
            assertTrue(published >= 6, "three meters, three boundaries at least: " + printed);
            await("what it reports it sent arrives").atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.arrivals().size() >= published);
            assertTrue(recorder.arrivals().stream().noneMatch(a -> a.topic().contains("cli-0004")),
                    "--meters 3 leaves the rest of the registry alone");
        }
    }

    @Test
    void exitsNonZeroWhenTheBrokerIsUnreachable() {
        int closedPort = FreePorts.next();
        int status = run("--registry", registry("gone", 2).toString(), "--mqtt", "tcp://127.0.0.1:" + closedPort,
                "--connect-attempts", "2", "--interval", "1s");

        assertEquals(MeterSimulatorMain.EXIT_FAILED, status);
        assertTrue(stderr().contains("no meter could connect after 2 attempts each: 2 could not reach the broker"),
                stderr());
    }

    @Test
    void exitsNonZeroWhenNoMeterIsAuthorized() {
        try (ArtemisBroker refusing = ArtemisBroker.builder("refusing").amqpPort(-1)
                .securityManager(new GatedSecurityManager()).start()) {
            int status = run("--registry", registry("denied", 3).toString(), "--mqtt", refusing.mqttUri(),
                    "--connect-attempts", "1");

            assertEquals(MeterSimulatorMain.EXIT_FAILED, status);
            assertTrue(stderr().contains("3 not authorized (CONNACK 5/4"), stderr());
        }
    }

    @Test
    void anUnreadableRegistryIsAUsageErrorNamingTheFile() {
        Path missing = dir.resolve("no-such-registry.csv");
        int status = run("--registry", missing.toString(), "--mqtt", "tcp://127.0.0.1:1883");

        assertEquals(MeterSimulatorMain.EXIT_USAGE, status);
        assertTrue(stderr().contains("cannot read registry " + missing), stderr());
        assertEquals("", stdout(), "nothing started");
    }

    @Test
    void aBadOptionIsAUsageErrorNamingTheOption() {
        int status = run("--registry", registry("opt", 1).toString(), "--mqtt", "tcp://127.0.0.1:1883",
                "--mode", "sideways");

        assertEquals(MeterSimulatorMain.EXIT_USAGE, status);
        assertTrue(stderr().contains("--mode: mode 'sideways' is not spread or burst"), stderr());
    }

    @Test
    void legacyMetersWithoutALegacyBrokerAreAUsageError() {
        int status = run("--registry", registry("nolegacy", 2).toString(), "--mqtt", "tcp://127.0.0.1:1883",
                "--legacy", "1");

        assertEquals(MeterSimulatorMain.EXIT_USAGE, status);
        assertTrue(stderr().contains("1 legacy meters need the legacy broker (--legacy-mqtt)"), stderr());
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertEquals(MeterSimulatorMain.EXIT_OK, run("--help"));
        assertTrue(stdout().startsWith("Usage: java -jar testbed-simulator.jar"), stdout());
        assertTrue(stdout().contains("--switch-command"));
    }

    private int run(String... args) {
        return new MeterSimulatorMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private Path registry(String prefix, int count) {
        Path file = dir.resolve(prefix + ".csv");
        MeterRegistryFile.write(file, TestMeters.create(prefix, count));
        return file;
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
