package io.meterlink.testbed.localrun;

import io.meterlink.testbed.embedded.DevTokens;
import io.meterlink.testbed.embedded.KafkaServer;
import io.meterlink.testbed.embedded.MeterLinkService;
import io.meterlink.testbed.embedded.PostgresServer;
import io.meterlink.testbed.embedded.ServiceProcess;
import io.meterlink.testbed.embedded.ServiceWiring;
import io.meterlink.testbed.embedded.TestbedEndpoints;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of MeterLink on one machine, as separate processes where production has them: embedded PostgreSQL and
 * Kafka and the IoT Platform stand-in (with the legacy MQTT cluster) in this JVM, each service as its own JVM started
 * from its packaged jar ({@link ServiceProcess}) and configured exactly as production would be, only with local
 * endpoints ({@link ServiceWiring}). The local run and the joint-commissioning tests both start it; closing it stops
 * everything in reverse order.
 */
public final class MeterLinkSystem implements AutoCloseable {

    /** Kafka topics created up front so that consumers see every partition from their first poll. */
    public static final Map<String, Integer> TOPICS = Map.of(
            "cdb.data.post", 4, "meter.readings", 4, "meter.readings.dlq", 1, "meter.status", 1);
    public static final String ONCALL_NUMBER = "+8613800000000";
    public static final String SMS_ALERT_TEMPLATE = "SMS_400000001";
    public static final String SMS_SUMMARY_TEMPLATE = "SMS_400000002";

    private final Settings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private PostgresServer postgres;
    private KafkaServer kafka;
    private IotPlatform platform;
    private DeviceRegistry registry;
    private DevTokens tokens;
    private final Map<MeterLinkService, ServiceProcess> services = new EnumMap<>(MeterLinkService.class);

    private MeterLinkSystem(Settings settings) {
        this.settings = settings;
    }

    /**
     * Where to find the packaged services, where to keep logs, keys and the device registry, which ports (0 = any
     * free one), and the fleet the registry must hold.
     */
    public record Settings(Path repository, Path runDirectory, int postgresPort, int kafkaPort, int mqttPort,
            int legacyMqttPort, int amqpPort, int ingestPort, int commandPort, int alertPort, RequestedFleet fleet) {

        /** Free ports everywhere: what tests use so that nothing else on the machine is in the way. */
        public static Settings anyPorts(Path repository, Path runDirectory, RequestedFleet fleet) {
            return new Settings(repository, runDirectory, 0, 0, 0, 0, 0, 0, 0, 0, fleet);
        }

        int httpPort(MeterLinkService service) {
            return switch (service) {
                case INGEST -> ingestPort;
                case COMMAND -> commandPort;
                case ALERT -> alertPort;
            };
        }
    }

    /** Starts every part, printing progress through {@code progress}; on failure stops what already runs. */
    public static MeterLinkSystem start(Settings settings, java.util.function.Consumer<String> progress) {
        MeterLinkSystem system = new MeterLinkSystem(settings);
        try {
            system.startAll(progress);
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startAll(java.util.function.Consumer<String> progress) {
        Path run = settings.runDirectory();
        try {
            Files.createDirectories(run);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        progress.accept("starting PostgreSQL 17 (embedded)");
        postgres = settings.postgresPort() == 0 ? PostgresServer.start() : PostgresServer.start(settings.postgresPort());
        started.add(postgres);
        for (MeterLinkService service : MeterLinkService.values()) {
            postgres.createDatabase(service.database());
        }

        progress.accept("starting Kafka (KRaft, embedded)");
        kafka = settings.kafkaPort() == 0 ? KafkaServer.start() : KafkaServer.start(settings.kafkaPort());
        started.add(kafka);
        TOPICS.forEach(kafka::createTopic);

        progress.accept("starting the IoT Platform stand-in and the legacy MQTT cluster");
        Path registryFile = registryFile();
        registry = LocalRegistryFile.prepare(registryFile, settings.fleet(), progress);
        platform = IotPlatform.builder()
                .registry(registry)
                .mqttPort(settings.mqttPort())
                .legacyMqttPort(settings.legacyMqttPort())
                .amqpPort(settings.amqpPort())
                .start();
        started.add(platform);

        tokens = DevTokens.in(run.resolve("jwt"));
        ServiceWiring wiring = new ServiceWiring(endpoints());
        Path logs = run.resolve("logs");

        progress.accept("starting ingest-service, command-service and alert-service (packaged jars)");
        for (MeterLinkService service : MeterLinkService.values()) {
            ServiceProcess process = ServiceProcess.packaged(settings.repository(), service)
                    .jvmOptions("-Xmx384m", "-XX:+UseSerialGC")
                    .config(wiring.config(service))
                    .httpPort(settings.httpPort(service))
                    .log(logs.resolve(service.folder() + ".log"))
                    .stopGrace(Duration.ofSeconds(20))
                    .start();
            services.put(service, process);
            started.add(process);
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(Duration.ofSeconds(120));
            progress.accept(service.name() + " ready on " + service.baseUrl());
        }
        registerFleet(registryFile);
        progress.accept("registered the " + registry.size() + " meters of " + registryFile.getFileName()
                + " with command-service (LEGACY until their data arrives through the platform)");
    }

    /** The running servers and stand-ins as the services are wired to them: every consumer uses the stand-in's key. */
    private TestbedEndpoints endpoints() {
        TestbedEndpoints.AccessKey key = new TestbedEndpoints.AccessKey(platform.accessKeyId(),
                platform.accessKeySecret());
        String group = IotPlatform.DEFAULT_CONSUMER_GROUP;
        return TestbedEndpoints.builder()
                .databases(postgres)
                .kafka(kafka.bootstrapServers())
                .amqp(new TestbedEndpoints.PlatformAmqp(platform.amqpHost(), platform.amqpPort(),
                        platform.amqpAddress(group), group, platform.instanceId(), key))
                .openApi(new TestbedEndpoints.PlatformOpenApi(platform.openApiEndpoint(), platform.regionId(),
                        platform.instanceId(), key))
                .legacyMqttUri(platform.legacyMqttUri())
                .jwt(TestbedEndpoints.Jwt.of(tokens))
                // SendSms is served by the same OpenAPI stand-in as Pub.
                .sms(new TestbedEndpoints.Sms(platform.openApiEndpoint(), key, SMS_ALERT_TEMPLATE,
                        SMS_SUMMARY_TEMPLATE, ONCALL_NUMBER))
                .build();
    }

    /**
     * What an administrator does first: import the device registry into command-service, so that meters still on the
     * legacy cluster can be addressed before they ever report through the platform.
     */
    private void registerFleet(Path registryFile) {
        String token = tokens.mint("local-run", List.of("admin"), Duration.ofMinutes(5));
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(command().baseUrl() + "/api/v1/meters"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "text/csv")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(registryFile))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("command-service refused the device registry: HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot register the fleet with command-service", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted registering the fleet", e);
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaServer kafka() {
        return kafka;
    }

    public IotPlatform platform() {
        return platform;
    }

    public DevTokens tokens() {
        return tokens;
    }

    /** The device registry the stand-in accepts and the fleet connects with: exactly the requested fleet. */
    public DeviceRegistry registry() {
        return registry;
    }

    public ServiceProcess service(MeterLinkService service) {
        return services.get(service);
    }

    public ServiceProcess ingest() {
        return service(MeterLinkService.INGEST);
    }

    public ServiceProcess command() {
        return service(MeterLinkService.COMMAND);
    }

    public ServiceProcess alert() {
        return service(MeterLinkService.ALERT);
    }

    public Path registryFile() {
        return settings.runDirectory().resolve("devices.csv");
    }

    /** Stops the services first (they settle in-flight work against the still-running servers), then the servers. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + started.get(i) + ": " + e);
            }
        }
        started.clear();
    }
}
