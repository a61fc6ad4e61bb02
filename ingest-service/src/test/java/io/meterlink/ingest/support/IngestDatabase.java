package io.meterlink.ingest.support;

import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.meterlink.testbed.embedded.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The embedded PostgreSQL with a database {@value #DATABASE} owned by a login role of the service's own
 * ({@value #ROLE}), as in production: the service is not a superuser, so a test can cut it off the database (and
 * only it) by taking the role's LOGIN away and terminating its sessions, while the test itself keeps looking
 * through the superuser connection.
 */
public class IngestDatabase implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "ingest";
    public static final String ROLE = "ingest_service";
    private static final String PASSWORD = "ingest-test-password";

    @Override
    public Map<String, String> start() {
        PostgresServer server = EmbeddedInfrastructure.postgres();
        String url = server.createDatabase(DATABASE);
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            st.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the ingest database", e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", ROLE,
                "quarkus.datasource.password", PASSWORD);
    }

    @Override
    public void stop() {
        // The server is shared by every test of this JVM and stops with it.
    }

    /** A superuser connection to the service's database, for looking at what it stored. */
    public static Connection admin() throws SQLException {
        return EmbeddedInfrastructure.postgres().connect(DATABASE);
    }

    /** A single number from a query run as superuser; a {@code String[]} parameter binds as a text array. */
    public static long count(String sql, Object... params) {
        try (Connection c = admin(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof String[] texts) {
                    statement.setArray(i + 1, c.createArrayOf("text", texts));
                } else {
                    statement.setObject(i + 1, params[i]);
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The database goes away for the service: no new sessions for its role, and its open ones are killed. */
    public static void cutOffService() {
        execute("ALTER ROLE " + ROLE + " NOLOGIN",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
    }

    /** The service may log in again. */
    public static void restoreService() {
        execute("ALTER ROLE " + ROLE + " LOGIN");
    }

    /** Sessions the service currently holds. */
    public static long serviceSessions() {
        return count("SELECT count(*) FROM pg_stat_activity WHERE usename = ?", ROLE);
    }

    private static void execute(String... statements) {
        try (Connection c = EmbeddedInfrastructure.postgres().connect("postgres"); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + String.join("; ", statements), e);
        }
    }
}
