package io.meterlink.testbed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.domain.signing.SignMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

    @Test
    void defaultsAreAFifteenMinuteSpreadFleetOnThePlatform() {
        SimulatorOptions o = SimulatorOptions.parse("--registry", "devices.csv", "--mqtt", "tcp://localhost:1883");
        assertEquals(Path.of("devices.csv"), o.registry);
        assertEquals("tcp://localhost:1883", o.mqtt);
        assertEquals(Duration.ofMinutes(15), o.interval);
        assertEquals(PublishMode.SPREAD, o.mode);
        assertEquals(List.of("OTA", "platform"), o.switchCommand);
        assertEquals(0, o.legacyCount);
        assertEquals(SignMethod.HMACSHA1, o.signMethod);
        assertEquals(3, o.securemode);
        assertEquals(null, o.duration, "runs until stopped");
    }

    @Test
    void readsEveryOptionInBothSpellings() {
        SimulatorOptions o = SimulatorOptions.parse("--registry=r.csv", "--mqtt", "tcp://127.0.0.1:1883",
                "--legacy-mqtt=tcp://127.0.0.1:1884", "--meters", "1000", "--interval", "5s", "--mode", "BURST",
                "--legacy", "10", "--switch-command", "OTA,cloud", "--alarm-rate", "0.1", "--tamper-rate=0.2",
                "--weak-signal-rate", "0.3", "--duration", "2h", "--seed", "-4", "--sign-method", "hmacsha256",
                "--securemode", "2", "--keepalive", "60s", "--clean-session", "--connect-attempts", "3",
                "--connect-concurrency", "50", "--progress", "500ms");
        assertEquals("tcp://127.0.0.1:1884", o.legacyMqtt);
        assertEquals(1000, o.meters);
        assertEquals(Duration.ofSeconds(5), o.interval);
        assertEquals(PublishMode.BURST, o.mode);
        assertEquals(10, o.legacyCount);
        assertEquals(List.of("OTA", "cloud"), o.switchCommand);
        assertEquals(0.1, o.alarmRate);
        assertEquals(0.2, o.tamperRate);
        assertEquals(0.3, o.weakSignalRate);
        assertEquals(Duration.ofHours(2), o.duration);
        assertEquals(-4, o.seed);
        assertEquals(SignMethod.HMACSHA256, o.signMethod);
        assertEquals(2, o.securemode);
        assertEquals(Duration.ofSeconds(60), o.keepAlive);
        assertTrue(o.cleanSession);
        assertEquals(3, o.connectAttempts);
        assertEquals(50, o.connectConcurrency);
        assertEquals(Duration.ofMillis(500), o.progress);
    }

    @Test
    void legacyTakesACountOrAListOfDeviceNames() {
        SimulatorOptions o = SimulatorOptions.parse("--registry", "r", "--mqtt", "tcp://h:1",
                "--legacy", "meter-000001, meter-000005");
        assertEquals(List.of("meter-000001", "meter-000005"), o.legacyNames);
        assertEquals(0, o.legacyCount);
    }

    @Test
    void everyProblemNamesItsOption() {
        assertProblem("--registry is required", "--mqtt", "tcp://h:1");
        assertProblem("--mqtt is required", "--registry", "r");
        assertProblem("--mqtt: MQTT address 'ssl://h:8883' is not tcp://host:port", "--registry", "r",
                "--mqtt", "ssl://h:8883");
        assertProblem("--interval: duration 'soon' is not a number followed by ms, s, m or h", "--registry", "r",
                "--mqtt", "tcp://h:1", "--interval", "soon");
        assertProblem("--interval: duration '0s' is zero", "--registry", "r", "--mqtt", "tcp://h:1",
                "--interval", "0s");
        assertProblem("--alarm-rate: 1.5 is not a probability between 0 and 1", "--registry", "r",
                "--mqtt", "tcp://h:1", "--alarm-rate", "1.5");
        assertProblem("--meters: 0 is not at least 1", "--registry", "r", "--mqtt", "tcp://h:1", "--meters", "0");
        assertProblem("--seed 'x' is not a number", "--registry", "r", "--mqtt", "tcp://h:1", "--seed", "x");
        assertProblem("--sign-method: unknown sign method 'sha1', expected hmacsha1, hmacsha256 or hmacmd5",
                "--registry", "r", "--mqtt", "tcp://h:1", "--sign-method", "sha1");
        assertProblem("unknown option --meter (see --help)", "--registry", "r", "--mqtt", "tcp://h:1",
                "--meter", "3");
        assertProblem("--duration needs a value", "--registry", "r", "--mqtt", "tcp://h:1", "--duration");
    }

    @Test
    void durationsReadAndPrintAsPeopleWriteThem() {
        assertEquals(Duration.ofMillis(1500), DurationText.parse("1500ms"));
        assertEquals(Duration.ofMinutes(15), DurationText.parse("15m"));
        assertEquals("15m", DurationText.format(Duration.ofMinutes(15)));
        assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
        assertEquals("2h", DurationText.format(Duration.ofHours(2)));
        assertEquals("5s", DurationText.format(Duration.ofSeconds(5)));
    }

    private static void assertProblem(String expected, String... args) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse(args))
                .getMessage());
    }
}
