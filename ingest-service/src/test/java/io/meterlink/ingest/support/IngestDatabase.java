package io.meterlink.ingest.support;

import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.meterlink.testbed.embedded.PostgresServer;
import io.meterlink.testbed.embedded.MeterLinkService;
import io.meterlink.testbed.quarkus.ServiceTestbed;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * ingest-service's database as the tests see it: {@value #DATABASE}, owned by the service's own login role (see
 * {@link ServiceTestbed}), looked at through the superuser connection; and the role switched off and on again to cut
 * the service (and only it) off the database.
 */
public final class IngestDatabase {

    public static final String DATABASE = "ingest";
    public static final String ROLE = ServiceTestbed.role(MeterLinkService.INGEST);

    private IngestDatabase() {
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
