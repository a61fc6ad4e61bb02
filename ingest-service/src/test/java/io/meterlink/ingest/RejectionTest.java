package io.meterlink.ingest;

import io.meterlink.ingest.support.IngestDatabase;
import io.meterlink.ingest.support.KafkaTopics;
import io.meterlink.ingest.support.Meter;
import io.meterlink.ingest.support.PlatformQueue;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is dead-lettered with its reason, recorded, and settled: never lost, never redelivered forever. */
@QuarkusTest
class RejectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void malformedFrameFromAMeterGoesToTheDeadLetterTopicAndTheRejectedTable() throws Exception {
        byte[] frame = "DE02,10,45,011101010,am024,1d478f".getBytes(StandardCharsets.US_ASCII);
        String deviceName;
        try (Meter meter = Meter.connect(PlatformQueue.platform(), 15)) {
            deviceName = meter.deviceName();
            meter.publish(frame);
        }
        Rejection row = await().atMost(PATIENCE).until(() -> rejection("device_name", deviceName), r -> r != null);
        assertEquals("invalid_field", row.reason());
        assertTrue(row.detail().contains("signalQuality"), row.detail());
        assertArrayEquals(frame, row.payload());

        List<ConsumerRecord<String, byte[]>> dead = await().atMost(PATIENCE).until(
                () -> KafkaTopics.withHeader("meter.readings.dlq", "messageId", row.messageId()), r -> r.size() == 1);
        assertEquals("invalid_field", KafkaTopics.header(dead.get(0), "reason"));
        assertEquals(deviceName, dead.get(0).key());
        assertArrayEquals(frame, dead.get(0).value());
        assertEquals(0, IngestDatabase.count("SELECT count(*) FROM ingest.reading WHERE message_id = ?",
                row.messageId()));
        await().atMost(PATIENCE).until(() -> PlatformQueue.depth() == 0);
    }

    @Test
    void oversizePayloadFromAMeterIsRejectedWithoutStoringItAll() throws Exception {
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) 'x');
        String deviceName;
        try (Meter meter = Meter.connect(PlatformQueue.platform(), 16)) {
            deviceName = meter.deviceName();
            meter.publish(big);
        }
        Rejection row = await().atMost(PATIENCE).until(() -> rejection("device_name", deviceName), r -> r != null);
        assertEquals("oversize", row.reason());
        assertEquals(5000, row.payloadSize());
        assertEquals(1024, row.payload().length);
        List<ConsumerRecord<String, byte[]>> dead = await().atMost(PATIENCE).until(
                () -> KafkaTopics.withHeader("meter.readings.dlq", "messageId", row.messageId()), r -> r.size() == 1);
        assertArrayEquals(big, dead.get(0).value());
    }

    @Test
    void whatAMisconfiguredRuleForwardsIsRejectedByReason() {
        String run = UUID.randomUUID().toString();
        byte[] frame = "DE02,10,17,011101010,am000,10".getBytes(StandardCharsets.US_ASCII);
        long now = System.currentTimeMillis();
        PlatformQueue.put("/a1MeterLink/meter-000017/user/cmd/down", run + "-topic", now, frame);
        PlatformQueue.put("/a1MeterLink/meter-000017/user/data/up", null, now, frame);
        PlatformQueue.put("/a1MeterLink/meter-000017/user/data/up", run + "-time", "not-a-time", frame);

        assertEquals("unknown_topic", await().atMost(PATIENCE)
                .until(() -> rejection("message_id", run + "-topic"), r -> r != null).reason());
        Rejection badTime = await().atMost(PATIENCE)
                .until(() -> rejection("message_id", run + "-time"), r -> r != null);
        assertEquals("invalid_property", badTime.reason());
        assertTrue(badTime.detail().contains("generateTime"), badTime.detail());
        // This run's row: the only one without a messageId whose generateTime is this run's instant.
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(1, IngestDatabase.count(
                "SELECT count(*) FROM ingest.rejected_message WHERE message_id IS NULL AND reason = 'missing_property'"
                        + " AND detail LIKE '%messageId%' AND generate_time = ?",
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC))));
        await().atMost(PATIENCE).until(() -> PlatformQueue.depth() == 0);
    }

    /** One row of {@code ingest.rejected_message}. */
    record Rejection(String messageId, String reason, String detail, byte[] payload, int payloadSize) {
    }

    private static Rejection rejection(String column, String value) {
        try (Connection c = IngestDatabase.admin(); PreparedStatement st = c.prepareStatement(
                "SELECT message_id, reason, detail, payload, payload_size FROM ingest.rejected_message WHERE "
                        + column + " = ?")) {
            st.setString(1, value);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Rejection(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                        rs.getInt(5)) : null;
            }
        } catch (java.sql.SQLException e) {
            return null;
        }
    }
}
