package io.meterlink.testbed.embedded;

import java.util.Optional;

/**
 * The servers every test JVM and the local run share: each starts at most once per JVM, on first use, and stops when
 * the JVM exits. Setting {@code meterlink.testbed.postgres} ({@code host:port}, with {@code .user} and
 * {@code .password}) or {@code meterlink.testbed.kafka} (bootstrap servers) as a system property, or the matching
 * environment variable ({@code METERLINK_TESTBED_POSTGRES}, ...), points them at external servers instead.
 */
public final class EmbeddedInfrastructure {

    private static PostgresServer postgres;
    private static KafkaServer kafka;
    private static ArtemisBroker broker;

    private EmbeddedInfrastructure() {
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = setting("meterlink.testbed.postgres")
                    .map(hostPort -> {
                        String[] parts = hostPort.split(":", 2);
                        return PostgresServer.external(parts[0], Integer.parseInt(parts[1]),
                                setting("meterlink.testbed.postgres.user").orElse(PostgresServer.USER),
                                setting("meterlink.testbed.postgres.password").orElse(""));
                    })
                    .orElseGet(PostgresServer::start);
            closeOnExit(postgres);
        }
        return postgres;
    }

    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            kafka = setting("meterlink.testbed.kafka").map(KafkaServer::external).orElseGet(KafkaServer::start);
            closeOnExit(kafka);
        }
        return kafka;
    }

    /** A plain Artemis broker (no platform security), for tests of the broker itself and of legacy MQTT. */
    public static synchronized ArtemisBroker broker() {
        if (broker == null) {
            broker = ArtemisBroker.builder("embedded").start();
            closeOnExit(broker);
        }
        return broker;
    }

    /** A system property, else the environment variable of the same name in upper case with {@code _}. */
    public static Optional<String> setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private static void closeOnExit(AutoCloseable server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("could not stop " + server + ": " + e);
            }
        }, "stop-" + server.getClass().getSimpleName()));
    }
}
