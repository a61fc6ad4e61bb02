package io.meterlink.testbed.localrun;

import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.platform.RegisteredDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./run-local.sh --meters 20000} after a run with 1,000 meters printed "20000 in devices.csv" but kept the
 * 1,000 of the old file, so only those connected. The run directory's registry must hold exactly the fleet asked for.
 * Read back with the IoT Platform stand-in's {@link DeviceRegistry#load}, the parser the stand-in starts from.
 */
class StaleRegistryTest {

    private static final String PRODUCT = IotPlatform.DEFAULT_PRODUCT_KEY;

    @TempDir
    Path runDirectory;

    private final List<String> progress = new ArrayList<>();

    @Test
    void registryOfAnEarlierSmallerFleetIsRegenerated() {
        Path file = earlierRun(DeviceRegistry.generate(1_000, PRODUCT, IotPlatform.DEFAULT_REGISTRY_SEED));

        DeviceRegistry registry = LocalRegistryFile.prepare(file, new RequestedFleet(20_000, 10, PRODUCT),
                progress::add);

        assertEquals(20_000, registry.size());
        DeviceRegistry onDisk = DeviceRegistry.load(file);
        assertEquals(20_000, onDisk.size(), "the file the fleet and command-service read");
        assertEquals("meter-020000", onDisk.device(19_999).deviceName());
        assertEquals(List.of(file + " holds 1000 meters, the run asks for 20000: regenerating it for 20000 meters of "
                + "product " + PRODUCT), progress);
        assertFalse(Files.exists(file.resolveSibling("devices.csv.partial")));
    }

    @Test
    void registryOfAnEarlierLargerFleetIsRegenerated() {
        Path file = earlierRun(DeviceRegistry.generate(5_000, PRODUCT, IotPlatform.DEFAULT_REGISTRY_SEED));

        DeviceRegistry registry = LocalRegistryFile.prepare(file, new RequestedFleet(200, 5, PRODUCT), progress::add);

        assertEquals(200, registry.size());
        assertEquals(200, DeviceRegistry.load(file).size(), "the platform must not accept, nor command-service list, "
                + "4,800 meters that never run");
        assertEquals(1, progress.size());
    }

    @Test
    void registryOfAnotherProductIsRegenerated() {
        Path file = earlierRun(DeviceRegistry.generate(100, "a1OtherProduct", IotPlatform.DEFAULT_REGISTRY_SEED));

        DeviceRegistry registry = LocalRegistryFile.prepare(file, new RequestedFleet(100, 10, PRODUCT), progress::add);

        assertEquals(List.of(PRODUCT), List.copyOf(registry.productKeys()));
        assertEquals(List.of(PRODUCT), List.copyOf(DeviceRegistry.load(file).productKeys()));
        assertTrue(progress.get(0).contains("holds meters of product a1OtherProduct, the run asks for " + PRODUCT),
                progress.get(0));
    }

    @Test
    void registryWithoutTheFirstMetersIsRegenerated() {
        // Same size and product, but meter-000001 (the first legacy meter, the one the printed example commands) is
        // missing.
        List<RegisteredDevice> devices = IntStream.rangeClosed(2, 11)
                .mapToObj(i -> new RegisteredDevice(PRODUCT, DeviceRegistry.deviceName(i), "secret" + i)).toList();
        Path file = earlierRun(DeviceRegistry.of(devices));

        DeviceRegistry registry = LocalRegistryFile.prepare(file, new RequestedFleet(10, 1, PRODUCT), progress::add);

        assertEquals("meter-000001", registry.device(0).deviceName());
        assertEquals("meter-000001", DeviceRegistry.load(file).device(0).deviceName());
        assertTrue(progress.get(0).contains("holds meter-000002 where the run expects meter-000001"), progress.get(0));
    }

    @Test
    void registryOfTheRequestedFleetIsKeptWithItsSecrets() throws IOException {
        List<RegisteredDevice> devices = IntStream.rangeClosed(1, 50)
                .mapToObj(i -> new RegisteredDevice(PRODUCT, DeviceRegistry.deviceName(i), "kept" + i)).toList();
        Path file = earlierRun(DeviceRegistry.of(devices));
        byte[] before = Files.readAllBytes(file);

        DeviceRegistry registry = LocalRegistryFile.prepare(file, new RequestedFleet(50, 10, PRODUCT), progress::add);

        assertEquals(devices, registry.devices());
        assertEquals(new String(before), Files.readString(file), "a matching registry is not rewritten");
        assertEquals(List.of(), progress);
    }

    @Test
    void aFirstRunGeneratesTheRegistry() {
        Path file = runDirectory.resolve("devices.csv");

        DeviceRegistry registry = LocalRegistryFile.prepare(file, new RequestedFleet(30, 3, PRODUCT), progress::add);

        assertEquals(30, registry.size());
        assertEquals(registry.devices(), DeviceRegistry.load(file).devices());
    }

    @Test
    void aFileThatIsNotARegistryIsRefusedNamingItAndLeftAlone() throws IOException {
        Path file = runDirectory.resolve("devices.csv");
        Files.writeString(file, "deviceName;secret\nmeter-000001;abc\n");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> LocalRegistryFile.prepare(file, new RequestedFleet(10, 1, PRODUCT), progress::add));

        assertTrue(refused.getMessage().startsWith(file + " is not a device registry this run can use"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("delete it"), refused.getMessage());
        assertEquals("deviceName;secret\nmeter-000001;abc\n", Files.readString(file));
    }

    @Test
    void aFleetWithMoreLegacyMetersThanMetersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RequestedFleet(10, 11, PRODUCT));
    }

    private Path earlierRun(DeviceRegistry registry) {
        return registry.write(runDirectory.resolve("devices.csv"));
    }
}
