package io.meterlink.ingest.service;

import io.meterlink.domain.frame.StatusBit;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a delivery can fail to be a reading maps to one stable reason, and valid frames are read right. */
class DeliveryClassifierTest {

    private static final long NOW = 1_764_050_000_000L;
    private static final String TOPIC = "/a1MeterLink/meter-000042/user/data/up";
    private static final String FRAME = "DE02,10,17,011101010,am024,1d478f";

    private final DeliveryClassifier classifier = new DeliveryClassifier(256, Duration.ofHours(1), 400);

    @Test
    void validFrameOnADataUpTopicIsAReading() {
        Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class,
                classifier.classify(delivery(TOPIC, "1001", NOW - 5_000, FRAME), NOW));
        assertEquals("a1MeterLink", accepted.productKey());
        assertEquals("meter-000042", accepted.deviceName());
        assertEquals("1001", accepted.messageId());
        assertEquals(NOW - 5_000, accepted.generateTimeMs());
        assertEquals(0x1d478f, accepted.reading().energyHundredthsKwh());
        assertEquals(24, accepted.reading().alarmCode());
        assertTrue(accepted.reading().status().isSet(StatusBit.POWER_ON));
        assertFalse(accepted.reading().status().isSet(StatusBit.RELAY_CLOSED));
    }

    @Test
    void messageIdWithANulCharacterIsRejectedBeforePostgresRefusesTheBatch() {
        Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class,
                classifier.classify(delivery(TOPIC, "10\u000001", NOW - 5_000, FRAME), NOW));
        assertEquals("invalid_property", rejected.reason());
        assertTrue(rejected.detail().contains("U+0000"), rejected.detail());
        assertEquals("10\uFFFD01", rejected.messageId(), "kept in a form PostgreSQL can store");
    }

    @Test
    void generateTimeMayArriveAsDecimalText() {
        Verdict verdict = classifier.classify(delivery(TOPIC, "1002", Long.toString(NOW - 1), FRAME), NOW);
        assertEquals(NOW - 1, assertInstanceOf(Verdict.Accepted.class, verdict).generateTimeMs());
    }

    @Test
    void malformedFrameIsRejectedWithTheFrameReasonAndTheMeterKnown() {
        Verdict.Rejected rejected = rejected(delivery(TOPIC, "1003", NOW, "DE02,10,45,011101010,am024,1d478f"));
        assertEquals("invalid_field", rejected.reason());
        assertTrue(rejected.detail().contains("signalQuality"), rejected.detail());
        assertEquals("meter-000042", rejected.deviceName());
        assertEquals("1003", rejected.messageId());
        assertEquals(NOW, rejected.generateTimeMs());
    }

    @Test
    void unknownOrForeignTopicsAreRejected() {
        Verdict.Rejected wildcard = rejected(delivery("/a1MeterLink/+/user/data/up", "1", NOW, FRAME));
        assertEquals("unknown_topic", wildcard.reason());
        assertNull(wildcard.deviceName());
        Verdict.Rejected legacy = rejected(delivery("cdb/data/post", "2", NOW, FRAME));
        assertEquals("unknown_topic", legacy.reason());
        Verdict.Rejected command = rejected(delivery("/a1MeterLink/meter-000042/user/cmd/down", "3", NOW, FRAME));
        assertEquals("unknown_topic", command.reason());
        assertEquals("meter-000042", command.deviceName());
    }

    @Test
    void deviceStatusNotificationsAreRecognised() {
        Verdict.DeviceStatus status = assertInstanceOf(Verdict.DeviceStatus.class, classifier.classify(
                delivery("/as/mqtt/status/a1MeterLink/meter-000042", "7", NOW, "{\"status\":\"online\"}"), NOW));
        assertEquals("meter-000042", status.deviceName());
        assertEquals("a1MeterLink", status.productKey());
        assertEquals("unknown_topic",
                rejected(delivery("/as/mqtt/status/a1MeterLink/x/y", "7", NOW, "{}")).reason());
        assertEquals("missing_property",
                rejected(delivery("/as/mqtt/status/a1MeterLink/meter-000042", null, NOW, "{}")).reason());
    }

    @Test
    void missingPropertiesAreNamed() {
        Verdict.Rejected noTopic = rejected(delivery(null, "1", NOW, FRAME));
        assertEquals("missing_property", noTopic.reason());
        assertTrue(noTopic.detail().contains("topic"));
        Verdict.Rejected noId = rejected(delivery(TOPIC, " ", NOW, FRAME));
        assertEquals("missing_property", noId.reason());
        assertTrue(noId.detail().contains("messageId"));
        Verdict.Rejected noTime = rejected(delivery(TOPIC, "9", null, FRAME));
        assertEquals("missing_property", noTime.reason());
        assertTrue(noTime.detail().contains("generateTime"));
    }

    @Test
    void unusableGenerateTimesAreInvalid() {
        assertEquals("invalid_property", rejected(delivery(TOPIC, "1", "yesterday", FRAME)).reason());
        assertEquals("invalid_property", rejected(delivery(TOPIC, "1", 12.5d, FRAME)).reason());
        assertEquals("invalid_property", rejected(delivery(TOPIC, "1", NOW + Duration.ofHours(2).toMillis(),
                FRAME)).reason());
        assertEquals("invalid_property", rejected(delivery(TOPIC, "1", NOW - Duration.ofDays(401).toMillis(),
                FRAME)).reason());
    }

    @Test
    void oversizeIsJudgedBeforeAnythingElse() {
        byte[] big = new byte[257];
        java.util.Arrays.fill(big, (byte) 'A');
        Verdict.Rejected rejected = rejected(new Delivery(null, null, null, big, Instant.now(), 0, Settlements.NONE));
        assertEquals("oversize", rejected.reason());
        assertTrue(rejected.detail().contains("257"));
        // The meter is still named when the topic says who sent it.
        Verdict.Rejected named = rejected(new Delivery(TOPIC, "5", NOW, big, Instant.now(), 0, Settlements.NONE));
        assertEquals("oversize", named.reason());
        assertEquals("meter-000042", named.deviceName());
    }

    @Test
    void nonBinaryBodyHasNoPayloadToKeep() {
        assertEquals("unsupported_body", rejected(new Delivery(TOPIC, "1", NOW, null, Instant.now(), 0,
                Settlements.NONE)).reason());
    }

    @Test
    void emptyPayloadIsAFrameProblem() {
        assertEquals("empty", rejected(delivery(TOPIC, "1", NOW, "")).reason());
    }

    private Verdict.Rejected rejected(Delivery delivery) {
        return assertInstanceOf(Verdict.Rejected.class, classifier.classify(delivery, NOW));
    }

    private static Delivery delivery(String topic, String messageId, Object generateTime, String payload) {
        return new Delivery(topic, messageId, generateTime, payload.getBytes(StandardCharsets.US_ASCII),
                Instant.ofEpochMilli(NOW), 0, Settlements.NONE);
    }
}
