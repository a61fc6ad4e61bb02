package io.meterlink.command.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.meterlink.command.Testbed;
import io.meterlink.command.sender.CommandSender;
import io.meterlink.testbed.platform.IotPlatform;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sender's statements and the statements that change many commands at once (pause, cancel, expiry) meet on the
 * same rows. These tests hold a row lock the way such a statement does and check that the other side neither
 * deadlocks nor waits where it must not. A second connection plays the other statement, so the interleaving is
 * exact rather than left to chance.
 */
@QuarkusTest
class CommandOutboxLockingTest {

    private static final String PK = IotPlatform.DEFAULT_PRODUCT_KEY;
    private static final String SENDER = "locking-test-sender";

    @Inject
    CommandIntake intake;
    @Inject
    CommandQueue queue;
    @Inject
    CommandSender sender;
    @Inject
    AgroalDataSource dataSource;

    /**
     * A pause holds the row being recorded (its UPDATE keeps the lock on rows it rechecked) and then needs the row
     * the sender would claim next. The sender's record-and-claim must wait without having locked that row yet.
     */
    @Test
    void recordingWaitsForALockedRowBeforeItClaimsTheNext() throws Exception {
        String meter = meter("lockrec");
        // Only this test claims while it runs.
        sender.stop();
        try {
            UUID recorded = store(meter, Instant.now().plusSeconds(600));
            UUID next = store(meter, Instant.now().plusSeconds(600));
            update("UPDATE command SET state = 'SENDING', attempts = 1, claimed_by = ?, claimed_until = now() + "
                    + "interval '1 minute' WHERE id = ?", SENDER, recorded);
            // The row a claim picks first, whatever other tests left waiting.
            update("UPDATE command SET priority = -1 WHERE id = ?", next);
            try (Connection pause = dataSource.getConnection()) {
                pause.setAutoCommit(false);
                execute(pause, "SET LOCAL lock_timeout = '10s'");
                lockRow(pause, recorded);
                CompletableFuture<CommandQueue.Recorded> record = CompletableFuture.supplyAsync(() -> queue.record(
                        recorded, SENDER, new SendResult.Sent("msg-" + recorded), Duration.ofMinutes(1)));
                Testbed.awaitLockWait(dataSource, "WITH recorded AS%");

                // Had the claim locked its row already, this would wait on the sender, which waits on us: deadlock.
                try (PreparedStatement ps = pause.prepareStatement("UPDATE command SET held = true WHERE id = ?")) {
                    ps.setObject(1, next);
                    assertEquals(1, ps.executeUpdate());
                }
                pause.commit();

                CommandQueue.Recorded result = record.get(30, TimeUnit.SECONDS);
                assertTrue(result.applied());
                result.next().ifPresent(claimed -> {
                    handBack(claimed.id());
                    assertNotEquals(next, claimed.id(), "a held command was claimed");
                });
            }
            assertEquals("SENT", state(recorded));
            assertEquals("ACCEPTED", state(next));
            update("UPDATE command SET state = 'CANCELLED', held = false WHERE id = ?", next);
        } finally {
            sender.start();
        }
    }

    /** Housekeeping never waits on a row someone holds: it expires the rest and gets that one on a later sweep. */
    @Test
    void expiryPassesOverRowsAnotherTransactionHolds() throws Exception {
        String meter = meter("lockexp");
        UUID held = store(meter, Instant.now().minusSeconds(1));
        UUID free = store(meter, Instant.now().minusSeconds(1));
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            lockRow(other, held);
            // The scheduled sweep may get there first; either way the free row must not wait for ours.
            CompletableFuture.runAsync(queue::expireOverdue).get(30, TimeUnit.SECONDS);
            assertEquals("EXPIRED", state(free));
            assertEquals("ACCEPTED", state(held));
            other.rollback();
        }
        queue.expireOverdue();
        assertEquals("EXPIRED", state(held));
    }

    private static String meter(String prefix) {
        String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
        Testbed.register(PK, List.of(name));
        return name;
    }

    private UUID store(String meter, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        intake.accept(id, PK, meter, List.of("lk1"), SENDER, null, Duration.between(Instant.now(), expiresAt))
                .orElseThrow();
        return id;
    }

    /** Takes the row lock an UPDATE over many rows holds on a row it has passed. */
    private static void lockRow(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM command WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
            }
        }
    }

    /** Returns a command this test claimed from another test's leftovers to the state it was claimed from. */
    private void handBack(UUID id) {
        update("UPDATE command SET state = 'ACCEPTED', attempts = attempts - 1, claimed_by = NULL, "
                + "claimed_until = NULL WHERE id = ? AND claimed_by = ?", id, SENDER);
    }

    private String state(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state FROM command WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }
}
