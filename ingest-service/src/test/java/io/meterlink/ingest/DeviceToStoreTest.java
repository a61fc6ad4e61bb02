package io.meterlink.ingest;

import io.meterlink.api.Problem;
import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.event.ReadingEventCodec;
import io.meterlink.ingest.support.IngestDatabase;
import io.meterlink.ingest.support.KafkaTopics;
import io.meterlink.ingest.support.Meter;
import io.meterlink.ingest.support.PlatformQueue;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A frame a real meter publishes through the stand-in reaches both Kafka topics and the readings table unchanged. */
@QuarkusTest
class DeviceToStoreTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void frameFromAMeterIsStoredAndPublishedByteForByteAndSettled() throws Exception {
        byte[] frame = "DE02,10,17,011101010,am024,1d478f".getBytes(StandardCharsets.US_ASCII);
        String messageId;
        String deviceName;
        LocalDate publishedOn = LocalDate.now(ZoneOffset.UTC);
        try (Meter meter = Meter.connect(PlatformQueue.platform(), 10)) {
            deviceName = meter.deviceName();
            meter.publish(frame);
            messageId = await().atMost(PATIENCE).until(() -> storedMessageId(meter.deviceName()),
                    id -> id != null);
        }

        try (Connection c = IngestDatabase.admin(); PreparedStatement st = c.prepareStatement(
                "SELECT frame, product_key, energy_hundredths_kwh, alarm_code, tableoid::regclass::text,"
                        + " convert_to(frame, 'SQL_ASCII'), generate_time FROM ingest.reading WHERE message_id = ?")) {
            st.setString(1, messageId);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("DE02,10,17,011101010,am024,1d478f", rs.getString(1));
                assertEquals("a1MeterLink", rs.getString(2));
                assertEquals(0x1d478fL, rs.getLong(3));
                assertEquals(24, rs.getInt(4));
                // Stored in the daily (UTC) partition of its generateTime, which is today: the day it was published
                // on, or the next one when the test runs across midnight UTC.
                LocalDate day = rs.getObject(7, OffsetDateTime.class).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
                LocalDate storedBy = LocalDate.now(ZoneOffset.UTC);
                assertTrue(!day.isBefore(publishedOn) && !day.isAfter(storedBy),
                        "generateTime " + day + " is not between " + publishedOn + " and " + storedBy);
                assertEquals("ingest.reading_" + day.format(DateTimeFormatter.BASIC_ISO_DATE), rs.getString(5));
                assertArrayEquals(frame, rs.getBytes(6));
            }
        }

        List<ConsumerRecord<String, byte[]>> raw = await().atMost(PATIENCE)
                .until(() -> KafkaTopics.withHeader("cdb.data.post", "messageId", messageId), r -> r.size() == 1);
        assertEquals(deviceName, raw.get(0).key());
        assertArrayEquals(frame, raw.get(0).value());
        assertEquals("a1MeterLink", KafkaTopics.header(raw.get(0), "productKey"));
        assertEquals(deviceName, KafkaTopics.header(raw.get(0), "deviceName"));
        assertNotNull(KafkaTopics.header(raw.get(0), "generateTime"));

        List<ConsumerRecord<String, byte[]>> events = KafkaTopics.withHeader("meter.readings", "messageId", messageId);
        assertEquals(1, events.size());
        assertEquals(deviceName, events.get(0).key());
        ReadingEvent event = ReadingEventCodec.fromJson(events.get(0).value());
        assertEquals("DE02,10,17,011101010,am024,1d478f", event.payload());
        assertEquals(messageId, event.messageId());
        assertEquals(Long.parseLong(KafkaTopics.header(events.get(0), "generateTime")),
                event.generateTime().toEpochMilli());
        assertEquals(0x1d478fL, event.reading().energyHundredthsKwh());

        // Settled at the platform: nothing of it left in the consumer group's queue.
        await().atMost(PATIENCE).until(() -> PlatformQueue.depth() == 0);

        given().auth().oauth2(TestTokens.operator("operator-1"))
                .when().get("/api/v1/readings/a1MeterLink/" + deviceName + "/latest")
                .then().statusCode(200)
                .body("messageId", equalTo(messageId))
                .body("frame", equalTo("DE02,10,17,011101010,am024,1d478f"))
                .body("reading.alarmCode", equalTo("am024"))
                .body("reading.statusFlags[0]", equalTo("power_on"));
    }

    @Test
    void rangeQueryNamesTheBadParameter() {
        String token = TestTokens.operator("operator-1");
        given().auth().oauth2(token)
                .when().get("/api/v1/readings/a1MeterLink/meter-000011?from=yesterday&to=2026-11-25T00:00:00Z")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("from"));
        given().auth().oauth2(token)
                .when().get("/api/v1/readings/a1MeterLink/meter-000011?from=2026-11-25T00:00:00Z")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("to"));
        given().auth().oauth2(token)
                .when().get("/api/v1/readings/a1MeterLink/meter-000049/latest")
                .then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(404));
    }

    private static String storedMessageId(String deviceName) {
        try (Connection c = IngestDatabase.admin(); PreparedStatement st = c.prepareStatement(
                "SELECT message_id FROM ingest.reading WHERE device_name = ?")) {
            st.setString(1, deviceName);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            return null;
        }
    }
}
