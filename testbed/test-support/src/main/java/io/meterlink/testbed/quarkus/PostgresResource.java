package io.meterlink.testbed.quarkus;

import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.meterlink.testbed.embedded.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Hands a service's {@code @QuarkusTest}s a real PostgreSQL: the JVM-wide embedded server, with a database of the
 * service's own (init arg {@code database}, default {@code meterlink}).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database = "meterlink";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        PostgresServer server = EmbeddedInfrastructure.postgres();
        return Map.of(
                "quarkus.datasource.jdbc.url", server.createDatabase(database),
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", server.password());
    }

    @Override
    public void stop() {
        // The server is shared by every test of this JVM and stops with it.
    }
}
