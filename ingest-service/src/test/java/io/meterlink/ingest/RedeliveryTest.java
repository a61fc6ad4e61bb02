package io.meterlink.ingest;

import io.meterlink.ingest.support.IngestDatabase;
import io.meterlink.ingest.support.KafkaTopics;
import io.meterlink.ingest.support.PlatformQueue;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The platform redelivers what it thinks unsettled with the same messageId and generateTime: the copy is settled
 * without a second row or a second Kafka record.
 */
@QuarkusTest
class RedeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String TOPIC = "/a1MeterLink/meter-000020/user/data/up";

    @Test
    void redeliveredMessageIdCreatesNoDuplicate() {
        String messageId = "redelivered-" + UUID.randomUUID();
        long generateTime = System.currentTimeMillis();
        byte[] frame = "DE02,11,20,110000000,am000,2a".getBytes(StandardCharsets.US_ASCII);
        double duplicatesBefore = metric("ingest_messages_duplicates_total");

        PlatformQueue.put(TOPIC, messageId, generateTime, frame);
        await().atMost(PATIENCE).until(() -> stored(messageId) == 1 && PlatformQueue.depth() == 0);
        // Later redelivery, after the first copy was stored.
        PlatformQueue.put(TOPIC, messageId, generateTime, frame);
        // And two copies at once, likely in one batch.
        PlatformQueue.put(TOPIC, messageId, generateTime, frame);
        PlatformQueue.put(TOPIC, messageId, generateTime, frame);

        await().atMost(PATIENCE).until(() -> metric("ingest_messages_duplicates_total") >= duplicatesBefore + 3);
        await().atMost(PATIENCE).until(() -> PlatformQueue.depth() == 0);
        assertEquals(1, stored(messageId));
        assertEquals(1, KafkaTopics.withHeader("cdb.data.post", "messageId", messageId).size());
        assertEquals(1, KafkaTopics.withHeader("meter.readings", "messageId", messageId).size());
    }

    @Test
    void redeliveredRejectionIsRecordedAndDeadLetteredOnce() {
        String messageId = "redelivered-bad-" + UUID.randomUUID();
        long generateTime = System.currentTimeMillis();
        byte[] frame = "XX99,garbage".getBytes(StandardCharsets.US_ASCII);
        PlatformQueue.put(TOPIC, messageId, generateTime, frame);
        await().atMost(PATIENCE).until(() -> rejected(messageId) == 1 && PlatformQueue.depth() == 0);
        PlatformQueue.put(TOPIC, messageId, generateTime, frame);
        await().atMost(PATIENCE).until(() -> PlatformQueue.depth() == 0);
        await().atMost(PATIENCE).until(() -> KafkaTopics.withHeader("meter.readings.dlq", "messageId", messageId)
                .size() == 1);
        assertEquals(1, rejected(messageId));
        assertEquals(1, KafkaTopics.withHeader("meter.readings.dlq", "messageId", messageId).size());
    }

    private static long stored(String messageId) {
        return IngestDatabase.count("SELECT count(*) FROM ingest.reading WHERE message_id = ?", messageId);
    }

    private static long rejected(String messageId) {
        return IngestDatabase.count("SELECT count(*) FROM ingest.rejected_message WHERE message_id = ?", messageId);
    }

    /** A counter's value from the Prometheus endpoint (0 before it was first incremented). */
    static double metric(String name) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
