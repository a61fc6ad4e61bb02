package io.meterlink.command.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Token buckets kept in PostgreSQL ({@code take_tokens} in the V1 migration), so every replica draws from the same
 * budget: the account's Pub QPS, and each caller's request allowance.
 */
@ApplicationScoped
public class RateBuckets {

    /** Outcome of one draw: tokens granted, and when fewer than asked, the wait until one more is due. */
    public record Grant(int granted, long waitMillis) {
    }

    private final AgroalDataSource dataSource;

    public RateBuckets(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes up to {@code wanted} tokens from bucket {@code name}, refilled at {@code ratePerSecond} up to
     * {@code capacity}; creates the bucket full on first use. Atomic across replicas.
     */
    public Grant take(String name, int wanted, double ratePerSecond, double capacity) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT granted, wait_ms FROM take_tokens(?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setInt(2, wanted);
            ps.setDouble(3, ratePerSecond);
            ps.setDouble(4, capacity);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Grant(rs.getInt(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new PersistenceFailure("taking tokens from bucket " + name, e);
        }
    }
}
