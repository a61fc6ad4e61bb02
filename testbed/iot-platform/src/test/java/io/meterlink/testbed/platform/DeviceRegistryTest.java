package io.meterlink.testbed.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry file format shared with the simulator, and the generator behind test fleets. */
class DeviceRegistryTest {

    @TempDir
    Path dir;

    @Test
    void generatedDevicesAreNumberedWithDistinctSecretsDerivedFromTheSeed() {
        DeviceRegistry registry = DeviceRegistry.generate(1_000, "a1MeterLink", 7);
        assertEquals(1_000, registry.size());
        assertEquals("meter-000001", registry.device(0).deviceName());
        assertEquals("meter-001000", registry.device(999).deviceName());
        Set<String> secrets = new HashSet<>();
        registry.devices().forEach(d -> secrets.add(d.deviceSecret()));
        assertEquals(1_000, secrets.size());
        assertTrue(secrets.stream().allMatch(s -> s.matches("[A-Za-z0-9]{32}")));

        assertEquals(registry.devices(), DeviceRegistry.generate(1_000, "a1MeterLink", 7).devices());
        assertNotEquals(registry.device(0).deviceSecret(),
                DeviceRegistry.generate(1, "a1MeterLink", 8).device(0).deviceSecret());
    }

    @Test
    void writeThenLoadGivesTheSameRegistry() {
        DeviceRegistry registry = DeviceRegistry.generate(25, "a1MeterLink", 1);
        Path file = registry.write(dir.resolve("nested/registry.csv"));
        DeviceRegistry loaded = DeviceRegistry.load(file);
        assertEquals(registry.devices(), loaded.devices());
        assertEquals(registry.device(3).deviceSecret(), loaded.secretOf("a1MeterLink", "meter-000004").orElseThrow());
        assertFalse(loaded.secretOf("a1MeterLink", "meter-000026").isPresent());
    }

    @Test
    void commentsBlankLinesAndSeveralProductsAreRead() throws Exception {
        Path file = dir.resolve("hand-written.csv");
        Files.writeString(file, """
                # test fleet
                productKey,deviceName,deviceSecret

                a1MeterLink,meter-000001,secretOne
                # a second product
                a1OtherProd,pole-7,secretTwo
                """, StandardCharsets.UTF_8);
        DeviceRegistry registry = DeviceRegistry.load(file);
        assertEquals(2, registry.size());
        assertEquals(Set.of("a1MeterLink", "a1OtherProd"), registry.productKeys());
        assertEquals("secretTwo", registry.secretOf("a1OtherProd", "pole-7").orElseThrow());
    }

    @Test
    void malformedFilesAreRefusedNamingFileAndLine() throws Exception {
        Path noHeader = dir.resolve("no-header.csv");
        Files.writeString(noHeader, "a1MeterLink,meter-000001,s\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceRegistry.load(noHeader)).getMessage()
                .contains("line 1"));

        Path badName = dir.resolve("bad-name.csv");
        Files.writeString(badName, DeviceRegistry.HEADER + "\na1MeterLink,m/1,s\n");
        String message = assertThrows(IllegalArgumentException.class, () -> DeviceRegistry.load(badName)).getMessage();
        assertTrue(message.contains("line 2") && message.contains("deviceName"), message);

        Path twoFields = dir.resolve("two-fields.csv");
        Files.writeString(twoFields, DeviceRegistry.HEADER + "\na1MeterLink,meter-000001\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceRegistry.load(twoFields)).getMessage()
                .contains("line 2: expected productKey,deviceName,deviceSecret, found 2 fields"));

        Path duplicate = dir.resolve("duplicate.csv");
        Files.writeString(duplicate, DeviceRegistry.HEADER + "\na1MeterLink,meter-000001,a\na1MeterLink,meter-000001,b\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceRegistry.load(duplicate)).getMessage()
                .contains("registered twice"));
    }

    @Test
    void secretsStayOutOfToString() {
        RegisteredDevice device = DeviceRegistry.generate(1, "a1MeterLink", 3).device(0);
        assertFalse(device.toString().contains(device.deviceSecret()));
    }

    @Test
    void consumerGroupSpecsParse() {
        assertEquals(ConsumerGroup.dataAndStatus("ingest"), ConsumerGroup.parse("ingest"));
        assertEquals(ConsumerGroup.data("bench"), ConsumerGroup.parse("bench:data"));
        assertEquals(new ConsumerGroup("alerts", false, true), ConsumerGroup.parse("alerts:status"));
        assertEquals(ConsumerGroup.dataAndStatus("both"), ConsumerGroup.parse("both:data+status"));
        assertThrows(IllegalArgumentException.class, () -> ConsumerGroup.parse("x:everything"));
        assertThrows(IllegalArgumentException.class, () -> ConsumerGroup.parse("bad|id"));
    }
}
