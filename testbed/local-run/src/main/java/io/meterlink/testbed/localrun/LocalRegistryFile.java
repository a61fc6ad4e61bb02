package io.meterlink.testbed.localrun;

import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.platform.RegisteredDevice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local run's device registry file ({@code ./local-run/devices.csv}): what the IoT Platform stand-in accepts,
 * what the simulated fleet connects with and what command-service is given. Kept from run to run so device secrets
 * stay put, but only while it holds exactly the requested fleet; a file from a run with another fleet is regenerated,
 * so that "20000 in devices.csv" is never printed over a file of 1,000.
 */
final class LocalRegistryFile {

    private LocalRegistryFile() {
    }

    /**
     * The registry for {@code fleet} in {@code file}: the file as it is when it holds exactly that fleet, else a
     * freshly generated registry written over it (saying so through {@code progress}).
     *
     * @throws IllegalStateException naming the file when it exists but is not a registry at all (hand-edited or
     *                               truncated): nothing is overwritten that could not be read
     */
    static DeviceRegistry prepare(Path file, RequestedFleet fleet, Consumer<String> progress) {
        if (!Files.exists(file)) {
            return generate(file, fleet);
        }
        DeviceRegistry existing;
        try {
            existing = DeviceRegistry.load(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalStateException(file + " is not a device registry this run can use (" + e.getMessage()
                    + "); delete it, and the run generates one for " + describe(fleet), e);
        }
        Optional<String> mismatch = mismatch(existing, fleet);
        if (mismatch.isEmpty()) {
            return existing;
        }
        progress.accept(file + " " + mismatch.get() + ": regenerating it for " + describe(fleet));
        return generate(file, fleet);
    }

    /**
     * Why {@code registry} does not hold exactly {@code fleet}, empty when it does: the fleet's size, its product,
     * and the generated names in order ({@code meter-000001} ...), since the legacy meters are the first
     * {@link RequestedFleet#legacy()} of them and the printed example addresses {@code meter-000001}.
     */
    static Optional<String> mismatch(DeviceRegistry registry, RequestedFleet fleet) {
        if (registry.size() != fleet.meters()) {
            return Optional.of("holds " + registry.size() + " meters, the run asks for " + fleet.meters());
        }
        List<RegisteredDevice> devices = registry.devices();
        for (int i = 0; i < devices.size(); i++) {
            RegisteredDevice device = devices.get(i);
            if (!device.productKey().equals(fleet.productKey())) {
                return Optional.of("holds meters of product " + device.productKey() + ", the run asks for "
                        + fleet.productKey());
            }
            String expected = DeviceRegistry.deviceName(i + 1);
            if (!device.deviceName().equals(expected)) {
                return Optional.of("holds " + device.deviceName() + " where the run expects " + expected);
            }
        }
        return Optional.empty();
    }

    /** Generates the fleet's registry (the stand-in's seed: the same fleet always gets the same secrets). */
    private static DeviceRegistry generate(Path file, RequestedFleet fleet) {
        DeviceRegistry registry = DeviceRegistry.generate(fleet.meters(), fleet.productKey(),
                IotPlatform.DEFAULT_REGISTRY_SEED);
        // Written beside it, then moved over it: an interrupted run never leaves half a registry behind.
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        registry.write(partial);
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the device registry " + file, e);
        }
        return registry;
    }

    private static String describe(RequestedFleet fleet) {
        return fleet.meters() + " meters of product " + fleet.productKey();
    }
}
