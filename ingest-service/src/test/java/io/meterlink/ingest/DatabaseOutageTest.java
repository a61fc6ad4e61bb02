package io.meterlink.ingest;

import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBits;
import io.meterlink.ingest.support.IngestDatabase;
import io.meterlink.ingest.support.KafkaTopics;
import io.meterlink.ingest.support.PlatformQueue;
import io.meterlink.testbed.platform.UplinkMessage;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * While the database refuses the service nothing is settled (the platform keeps every message); once it is back
 * every message is stored exactly once.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final int MESSAGES = 40;

    @AfterEach
    void databaseBack() {
        IngestDatabase.restoreService();
    }

    @Test
    void nothingIsSettledWhileTheDatabaseIsDownAndEverythingIsStoredOnceWhenItReturns() {
        await().atMost(Duration.ofSeconds(30)).until(() -> PlatformQueue.depth() == 0);
        double failuresBefore = RedeliveryTest.metric("ingest_batch_failures_total");
        IngestDatabase.cutOffService();
        await().atMost(Duration.ofSeconds(10)).until(() -> IngestDatabase.serviceSessions() == 0);

        // Frames with an energy value unique to this run identify its rows.
        long base = ThreadLocalRandom.current().nextLong(1, 0xFFFF_0000L);
        List<UplinkMessage> messages = new ArrayList<>();
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String frame = DataFrameCodec.format(MeterReading.of(12, 25, StatusBits.NONE, 0, base + i));
            frames.add(frame);
            messages.add(new UplinkMessage("a1MeterLink", PlatformQueue.platform().registry().device(30 + i % 10)
                    .deviceName(), frame.getBytes(StandardCharsets.US_ASCII)));
        }
        PlatformQueue.platform().preload(PlatformQueue.GROUP, messages);

        // The pipeline tries, fails and releases: readiness says so, and the platform still holds every message.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RedeliveryTest.metric("ingest_batch_failures_total") > failuresBefore);
        given().when().get("/q/health/ready").then().statusCode(503);
        // ">=": the group also receives device status messages (another test's meter going offline may add one).
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> PlatformQueue.depth() >= MESSAGES);
        assertEquals(0, storedRows(frames));

        IngestDatabase.restoreService();
        await().atMost(Duration.ofSeconds(60)).until(() -> PlatformQueue.depth() == 0);
        assertEquals(MESSAGES, storedRows(frames));
        assertEquals(MESSAGES, IngestDatabase.count(
                "SELECT count(DISTINCT message_id) FROM ingest.reading WHERE frame = ANY(?)",
                (Object) frames.toArray(String[]::new)));

        // Kafka got each reading exactly once too: nothing was sent while the inserts failed.
        Map<String, Integer> perFrame = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : KafkaTopics.all("cdb.data.post")) {
            String frame = new String(record.value(), StandardCharsets.US_ASCII);
            if (frames.contains(frame)) {
                perFrame.merge(frame, 1, Integer::sum);
            }
        }
        assertEquals(MESSAGES, perFrame.size());
        perFrame.forEach((frame, count) -> assertEquals(1, count, frame));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")));
    }

    private static long storedRows(List<String> frames) {
        return IngestDatabase.count("SELECT count(*) FROM ingest.reading WHERE frame = ANY(?)",
                (Object) frames.toArray(String[]::new));
    }
}
