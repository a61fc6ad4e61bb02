package io.meterlink.testbed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.testbed.simulator.MeterRegistryFile.RegistryFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterRegistryFileTest {

    @TempDir
    Path dir;

    @Test
    void readsMetersInOrderSkippingHeaderCommentsAndBlankLines() throws Exception {
        Path file = write("""
                # generated for the local run
                productKey,deviceName,deviceSecret

                a1MeterLink,meter-000001,s3cr3tOne
                # a retired meter was here
                a1MeterLink,meter-000002,s3cr3tTwo
                """);
        assertEquals(List.of(new MeterIdentity("a1MeterLink", "meter-000001", "s3cr3tOne"),
                new MeterIdentity("a1MeterLink", "meter-000002", "s3cr3tTwo")), MeterRegistryFile.read(file));
    }

    @Test
    void whatItWritesItReadsBack() {
        List<MeterIdentity> meters = TestMeters.create("rt", 3);
        Path file = dir.resolve("registry.csv");
        MeterRegistryFile.write(file, meters);
        assertEquals(meters, MeterRegistryFile.read(file));
    }

    @Test
    void aMalformedLineIsRefusedWithItsLineNumber() throws Exception {
        Path file = write("productKey,deviceName,deviceSecret\na1MeterLink,meter-000001\n");
        RegistryFileException e = assertThrows(RegistryFileException.class, () -> MeterRegistryFile.read(file));
        assertEquals(file + " line 2: expected productKey,deviceName,deviceSecret, found 2 fields", e.getMessage());
    }

    @Test
    void anInvalidDeviceNameOrEmptySecretIsRefusedNamingTheField() throws Exception {
        Path badName = write("a1MeterLink,m!,secret\n");
        assertTrue(assertThrows(RegistryFileException.class, () -> MeterRegistryFile.read(badName)).getMessage()
                .contains("line 1: deviceName 'm!'"));
        Path noSecret = write("a1MeterLink,meter-000001,\n");
        assertTrue(assertThrows(RegistryFileException.class, () -> MeterRegistryFile.read(noSecret)).getMessage()
                .contains("line 1: deviceSecret of meter-000001 is empty"));
    }

    @Test
    void aDuplicateDeviceAndAnEmptyFileAreRefused() throws Exception {
        Path twice = write("a1MeterLink,meter-000001,a\na1MeterLink,meter-000001,b\n");
        assertTrue(assertThrows(RegistryFileException.class, () -> MeterRegistryFile.read(twice)).getMessage()
                .endsWith("line 2: device a1MeterLink/meter-000001 is listed twice"));
        Path empty = write("productKey,deviceName,deviceSecret\n# nothing yet\n");
        assertEquals("registry " + empty + " lists no meter",
                assertThrows(RegistryFileException.class, () -> MeterRegistryFile.read(empty)).getMessage());
    }

    @Test
    void theSecretNeverAppearsInAnIdentitysText() {
        MeterIdentity meter = new MeterIdentity("a1MeterLink", "meter-000001", "topSecretValue");
        assertFalse(meter.toString().contains("topSecretValue"), meter.toString());
    }

    private Path write(String text) throws Exception {
        Path file = Files.createTempFile(dir, "registry", ".csv");
        Files.writeString(file, text);
        return file;
    }
}
