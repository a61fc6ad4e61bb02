package io.meterlink.testbed.embedded;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresServerTest {

    @Test
    void storesAndReadsBackARowInItsOwnDatabase() throws Exception {
        PostgresServer server = EmbeddedInfrastructure.postgres();
        server.createDatabase("roundtrip");
        server.createDatabase("roundtrip"); // idempotent

        try (Connection c = server.connect("roundtrip"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS reading (device text PRIMARY KEY, payload text NOT NULL)");
            st.execute("TRUNCATE reading");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO reading VALUES (?, ?)")) {
                insert.setString(1, "meter-0001");
                insert.setString(2, "DE02,10,17,011101010,am024,1d478f");
                insert.executeUpdate();
            }
            try (ResultSet rs = st.executeQuery("SELECT payload, version() FROM reading WHERE device = 'meter-0001'")) {
                assertTrue(rs.next());
                assertEquals("DE02,10,17,011101010,am024,1d478f", rs.getString(1));
                assertTrue(rs.getString(2).startsWith("PostgreSQL 17"), rs.getString(2));
            }
        }
    }
}
