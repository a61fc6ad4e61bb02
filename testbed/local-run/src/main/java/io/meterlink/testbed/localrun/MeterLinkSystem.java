package io.meterlink.testbed.localrun;

import io.meterlink.testbed.embedded.DevTokens;
import io.meterlink.testbed.embedded.KafkaServer;
import io.meterlink.testbed.embedded.PostgresServer;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of MeterLink on one machine, as separate processes where production has them: embedded PostgreSQL and
 * Kafka and the IoT Platform stand-in (with the legacy MQTT cluster) in this JVM, each service as its own JVM started
 * from its packaged jar and configured exactly as production would be, only with local endpoints. The local run and the
 * joint-commissioning tests both start it; closing it stops everything in reverse order.
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
    private DevTokens tokens;
    private ServiceProcess ingest;
    private ServiceProcess command;
    private ServiceProcess alert;

    private MeterLinkSystem(Settings settings) {
        this.settings = settings;
    }

    /**
     * Where to find the packaged services, where to keep logs and keys, which ports (0 = any free one), how many
     * meters the registry holds.
     */
    public record Settings(Path repository, Path runDirectory, int postgresPort, int kafkaPort, int mqttPort,
            int legacyMqttPort, int amqpPort, int ingestPort, int commandPort, int alertPort, int registrySize) {

        /** Free ports everywhere: what tests use so that nothing else on the machine is in the way. */
        public static Settings anyPorts(Path repository, Path runDirectory, int registrySize) {
            return new Settings(repository, runDirectory, 0, 0, 0, 0, 0, 0, 0, 0, registrySize);
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
        for (String db : List.of("ingest", "command", "alert")) {
            postgres.createDatabase(db);
        }

        progress.accept("starting Kafka (KRaft, embedded)");
        kafka = settings.kafkaPort() == 0 ? KafkaServer.start() : KafkaServer.start(settings.kafkaPort());
        started.add(kafka);
        TOPICS.forEach(kafka::createTopic);

        progress.accept("starting the IoT Platform stand-in and the legacy MQTT cluster");
        Path registryFile = run.resolve("devices.csv");
        DeviceRegistry registry;
        if (Files.exists(registryFile)) {
            registry = DeviceRegistry.load(registryFile);
        } else {
            registry = DeviceRegistry.generate(settings.registrySize(), IotPlatform.DEFAULT_PRODUCT_KEY,
                    IotPlatform.DEFAULT_REGISTRY_SEED);
            registry.write(registryFile);
        }
        platform = IotPlatform.builder()
                .registry(registry)
                .mqttPort(settings.mqttPort())
                .legacyMqttPort(settings.legacyMqttPort())
                .amqpPort(settings.amqpPort())
                .start();
        started.add(platform);

        tokens = DevTokens.in(run.resolve("jwt"));
        Path logs = run.resolve("logs");

        progress.accept("starting ingest-service, command-service and alert-service (packaged jars)");
        ingest = ServiceProcess.start(settings.repository(), "ingest-service", port(settings.ingestPort()),
                ingestConfig(), logs, "384m");
        started.add(ingest);
        command = ServiceProcess.start(settings.repository(), "command-service", port(settings.commandPort()),
                commandConfig(), logs, "384m");
        started.add(command);
        alert = ServiceProcess.start(settings.repository(), "alert-service", port(settings.alertPort()),
                alertConfig(), logs, "384m");
        started.add(alert);
        for (ServiceProcess service : List.of(ingest, command, alert)) {
            service.awaitReady(Duration.ofSeconds(120));
            progress.accept(service.name() + " ready on " + service.baseUrl());
        }
        registerFleet(registryFile);
        progress.accept("registered the " + registry.size() + " meters of " + registryFile.getFileName()
                + " with command-service (LEGACY until their data arrives through the platform)");
    }

    /**
     * What an administrator does first: import the device registry into command-service, so that meters still on the
     * legacy cluster can be addressed before they ever report through the platform.
     */
    private void registerFleet(Path registryFile) {
        String token = tokens.mint("local-run", List.of("admin"), Duration.ofMinutes(5));
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(command.baseUrl() + "/api/v1/meters"))
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

    private static int port(int configured) {
        return configured == 0 ? io.meterlink.testbed.embedded.FreePorts.next() : configured;
    }

    private Map<String, String> datasource(String database) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    private Map<String, String> jwt() {
        return Map.of("mp.jwt.verify.publickey.location", tokens.publicKeyPem().toUri().toString(),
                "mp.jwt.verify.issuer", DevTokens.ISSUER);
    }

    private Map<String, String> ingestConfig() {
        Map<String, String> config = datasource("ingest");
        config.put("ingest.amqp.host", platform.amqpHost());
        config.put("ingest.amqp.port", String.valueOf(platform.amqpPort()));
        config.put("ingest.amqp.tls", "false");
        config.put("ingest.amqp.access-key-id", platform.accessKeyId());
        config.put("ingest.amqp.access-key-secret", platform.accessKeySecret());
        config.put("ingest.amqp.iot-instance-id", platform.instanceId());
        config.put("ingest.amqp.consumer-group-id", IotPlatform.DEFAULT_CONSUMER_GROUP);
        config.put("mp.messaging.incoming.data-up.address", platform.amqpAddress(IotPlatform.DEFAULT_CONSUMER_GROUP));
        return config;
    }

    private Map<String, String> commandConfig() {
        Map<String, String> config = datasource("command");
        config.putAll(jwt());
        config.put("meterlink.command.platform.endpoint", platform.openApiEndpoint());
        config.put("meterlink.command.platform.protocol", "HTTP");
        config.put("meterlink.command.platform.region-id", platform.regionId());
        config.put("meterlink.command.platform.instance-id", platform.instanceId());
        config.put("meterlink.command.platform.access-key-id", platform.accessKeyId());
        config.put("meterlink.command.platform.access-key-secret", platform.accessKeySecret());
        config.put("meterlink.command.legacy.mqtt-uri", platform.legacyMqttUri());
        return config;
    }

    private Map<String, String> alertConfig() {
        Map<String, String> config = datasource("alert");
        config.putAll(jwt());
        config.put("alert.sms.endpoint", platform.openApiEndpoint());
        config.put("alert.sms.protocol", "HTTP");
        config.put("alert.sms.access-key-id", platform.accessKeyId());
        config.put("alert.sms.access-key-secret", platform.accessKeySecret());
        config.put("alert.sms.alert-template", SMS_ALERT_TEMPLATE);
        config.put("alert.sms.summary-template", SMS_SUMMARY_TEMPLATE);
        config.put("alert.routing.default-recipients", ONCALL_NUMBER);
        return config;
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

    public ServiceProcess ingest() {
        return ingest;
    }

    public ServiceProcess command() {
        return command;
    }

    public ServiceProcess alert() {
        return alert;
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
