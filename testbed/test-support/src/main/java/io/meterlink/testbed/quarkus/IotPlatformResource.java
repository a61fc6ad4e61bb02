package io.meterlink.testbed.quarkus;

import io.meterlink.testbed.platform.ConsumerGroup;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.platform.TestbedProperties;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands a service's {@code @QuarkusTest}s the IoT Platform stand-in: one per JVM, started on first use and stopped
 * when the JVM exits, with 50 generated devices (init arg {@code devices} for more) of product
 * {@value IotPlatform#DEFAULT_PRODUCT_KEY} (registry written to
 * a temporary file), consumer groups {@code ingest} (data and status) and {@code ingest-bench} (data), and the default
 * credentials. Tests reach it in-process through {@link #platform()}.
 *
 * <p>Init arg {@code consumer-groups}: further groups, comma-separated {@code id[:data|status|data+status]}
 * (e.g. {@code alerts:status}); they are added to the running stand-in, so any test class may ask for its own.
 */
public class IotPlatformResource implements QuarkusTestResourceLifecycleManager {

    /** Devices in the generated registry. */
    public static final int DEVICES = 50;
    /** The group a service reading data and status uses. */
    public static final String INGEST_GROUP = "ingest";
    /** A data-only group for benchmarks that preload a backlog without disturbing {@link #INGEST_GROUP}. */
    public static final String BENCH_GROUP = "ingest-bench";

    private static IotPlatform platform;
    private static Path registryFile;

    private String extraGroups = "";
    private int devices = DEVICES;

    /** The JVM-wide stand-in, started on first call. */
    public static synchronized IotPlatform platform() {
        return platform(DEVICES);
    }

    /**
     * The JVM-wide stand-in, started on first call with {@code devices} generated devices (init arg {@code devices},
     * for tests that address more meters than the default).
     *
     * @throws IllegalStateException when it is already running with fewer devices
     */
    public static synchronized IotPlatform platform(int devices) {
        if (platform != null && platform.registry().size() < devices) {
            throw new IllegalStateException("the IoT Platform stand-in already runs with " + platform.registry().size()
                    + " devices, " + devices + " were asked for: give every test class the same init args");
        }
        if (platform == null) {
            try {
                registryFile = Files.createTempFile("meterlink-registry-", ".csv");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the device registry file", e);
            }
            DeviceRegistry registry = DeviceRegistry.generate(devices, IotPlatform.DEFAULT_PRODUCT_KEY,
                    IotPlatform.DEFAULT_REGISTRY_SEED);
            registry.write(registryFile);
            // Artemis finds its protocol managers through the context class loader, and its thread pools keep the
            // one they were created with. Quarkus starts test resources under its own loader: started there, the
            // broker would mix two copies of its classes ("ProtonProtocolManagerFactory not a subtype").
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(IotPlatform.class.getClassLoader());
            IotPlatform started;
            try {
                started = IotPlatform.builder()
                        .registry(registry)
                        .consumerGroup(ConsumerGroup.dataAndStatus(INGEST_GROUP))
                        .consumerGroup(ConsumerGroup.data(BENCH_GROUP))
                        .start();
            } finally {
                thread.setContextClassLoader(previous);
            }
            Path file = registryFile;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                    Files.deleteIfExists(file);
                } catch (Exception e) {
                    System.err.println("could not stop the IoT Platform stand-in: " + e);
                }
            }, "stop-iot-platform"));
            platform = started;
        }
        return platform;
    }

    /** The registry file the stand-in was started with (what a simulator would read). */
    public static synchronized Path registryFile() {
        platform();
        return registryFile;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        extraGroups = initArgs.getOrDefault("consumer-groups", "");
        devices = Integer.parseInt(initArgs.getOrDefault("devices", String.valueOf(DEVICES)));
    }

    @Override
    public Map<String, String> start() {
        IotPlatform running = platform(devices);
        for (String spec : extraGroups.split(",")) {
            if (!spec.isBlank()) {
                running.addConsumerGroup(ConsumerGroup.parse(spec));
            }
        }
        Map<String, String> config = new LinkedHashMap<>(TestbedProperties.of(running, registryFile(), INGEST_GROUP));
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stops with it.
    }
}
