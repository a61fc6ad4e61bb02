package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.AmqpCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone entry point of the local run: registry handling, start-up, what it prints, option errors. */
class IotPlatformMainTest {

    @TempDir
    Path dir;

    @Test
    void generatesAMissingRegistryStartsAndPrintsWhatToConnectTo() throws Exception {
        Path registry = dir.resolve("fleet.csv");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        IotPlatformMain.Options options = IotPlatformMain.Options.parse(new String[] {
                "--registry", registry.toString(), "--devices", "12", "--mqtt-port", "0", "--legacy-mqtt-port", "0",
                "--amqp-port", "0", "--openapi-port", "0", "--consumer-group", "ingest", "--consumer-group",
                "bench:data", "--access-key-id", "LTAI5tLocalRun", "--access-key-secret", "local-secret"});
        try (IotPlatform platform = IotPlatformMain.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String output = printed.toString(StandardCharsets.UTF_8);
            assertEquals(12, DeviceRegistry.load(registry).size());
            assertTrue(output.contains("testbed.platform.mqtt-uri=" + platform.mqttUri()), output);
            assertTrue(output.contains("testbed.platform.openapi-endpoint=" + platform.openApiEndpoint()), output);
            assertTrue(output.contains("source address /#::bench"), output);
            assertTrue(output.contains("LTAI5tLocalRun / local-secret"), output);

            // The printed credentials work.
            AmqpCredentials credentials = AmqpConsumer.credentials(platform, "bench", System.currentTimeMillis());
            try (AmqpConsumer consumer = AmqpConsumer.connect(platform, credentials)) {
                consumer.receive(platform.amqpAddress("bench"));
            }
            Meters.closeQuietly(Meters.connect(platform, DeviceRegistry.load(registry).device(11)));
        }
    }

    @Test
    void anExistingRegistryIsLoadedAndWriteRegistryOnlyStopsThere() throws Exception {
        Path registry = DeviceRegistry.generate(3, "a1MeterLink", 5).write(dir.resolve("existing.csv"));
        String before = Files.readString(registry);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertNull(IotPlatformMain.run(IotPlatformMain.Options.parse(new String[] {
                "--registry", registry.toString(), "--devices", "50", "--write-registry-only"}),
                new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(before, Files.readString(registry));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("Loaded 3 devices"));
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> IotPlatformMain.Options.parse(new String[] {"--mqtt-port", "70000"})).getMessage()
                .contains("--mqtt-port"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> IotPlatformMain.Options.parse(new String[] {"--devices"})).getMessage()
                .contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> IotPlatformMain.Options.parse(new String[] {"--colour", "red"})).getMessage()
                .contains("unknown option --colour"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> IotPlatformMain.Options.parse(new String[] {"--access-key-id", "x"})).getMessage()
                .contains("go together"));
    }
}
