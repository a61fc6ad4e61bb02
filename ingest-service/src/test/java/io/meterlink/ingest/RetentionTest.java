package io.meterlink.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.meterlink.ingest.config.IngestConfig;
import io.meterlink.ingest.service.PartitionMaintenance;
import io.meterlink.ingest.support.IngestDatabase;
import io.meterlink.ingest.support.PlatformQueue;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Daily partitions and retention: partitions exist ahead of the clock, a reading for a day that has none still lands,
 * and retention removes exactly the days (and rejected messages) older than the limit, even when every replica runs it
 * at the same moment. Retention is exercised on days far in the past so it cannot touch the other tests' data.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    PartitionMaintenance maintenance;

    @Inject
    IngestConfig config;

    @Test
    void maintenanceCreatesThePartitionsAheadOfTheClock() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        maintenance.run(today);
        Set<LocalDate> days = partitionDays();
        for (LocalDate d = today.minusDays(config.partitions().daysBehind());
                !d.isAfter(today.plusDays(config.partitions().daysAhead())); d = d.plusDays(1)) {
            assertTrue(days.contains(d), "no partition for " + d + " in " + days);
        }
    }

    @Test
    void aReadingForADayWithoutAPartitionStillLands() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(37);
        assertFalse(partitionDays().contains(day), "the test needs a day without a partition: " + day);
        String messageId = "retention-" + UUID.randomUUID();
        long generateTime = day.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        PlatformQueue.put("/a1MeterLink/meter-000041/user/data/up", messageId, generateTime,
                "DE02,10,17,011101010,am000,1d478f".getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(30)).until(() -> IngestDatabase.count(
                "SELECT count(*) FROM ingest.reading WHERE message_id = ?", messageId) == 1);
        assertTrue(partitionDays().contains(day));
    }

    @Test
    void retentionDropsExactlyWhatIsOlderThanTheLimitWhenEveryReplicaRunsItAtOnce() throws Exception {
        LocalDate cutoff = LocalDate.of(2001, 3, 10);
        String run = UUID.randomUUID().toString();
        try (Connection c = IngestDatabase.admin()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT ingest.ensure_reading_partitions(?, ?)")) {
                ps.setObject(1, cutoff.minusDays(2));
                ps.setObject(2, cutoff.plusDays(1));
                ps.execute();
            }
            insertRejection(c, run + "-old", "2001-03-09T23:59:59Z");
            insertRejection(c, run + "-kept", "2001-03-10T00:00:00Z");
        }
        LocalDate today = cutoff.plusDays(config.partitions().retentionDays());

        // Two replicas' daily jobs at the same moment: both finish, neither fails.
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> runMaintenance(today));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> runMaintenance(today));
        CompletableFuture.allOf(first, second).get();

        Set<LocalDate> days = partitionDays();
        assertFalse(days.contains(cutoff.minusDays(2)), days::toString);
        assertFalse(days.contains(cutoff.minusDays(1)), days::toString);
        assertTrue(days.contains(cutoff), days::toString);
        assertTrue(days.contains(cutoff.plusDays(1)), days::toString);
        assertEquals(0, IngestDatabase.count("SELECT count(*) FROM ingest.rejected_message WHERE message_id = ?",
                run + "-old"));
        assertEquals(1, IngestDatabase.count("SELECT count(*) FROM ingest.rejected_message WHERE message_id = ?",
                run + "-kept"));
    }

    private void runMaintenance(LocalDate today) {
        try {
            maintenance.run(today);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertRejection(Connection c, String messageId, String receivedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingest.rejected_message (message_id, received_at, "
                + "reason, detail, payload_size) VALUES (?, ?::timestamptz, 'empty', 'retention test', 0)")) {
            ps.setString(1, messageId);
            ps.setString(2, receivedAt);
            ps.executeUpdate();
        }
    }

    private static Set<LocalDate> partitionDays() throws SQLException {
        Set<LocalDate> days = new HashSet<>();
        try (Connection c = IngestDatabase.admin(); PreparedStatement ps = c.prepareStatement(
                "SELECT d FROM ingest.reading_partition_days() AS d"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                days.add(rs.getObject(1, LocalDate.class));
            }
        }
        return days;
    }
}
