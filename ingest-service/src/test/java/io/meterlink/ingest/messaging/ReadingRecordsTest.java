package io.meterlink.ingest.messaging;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.event.ReadingEventCodec;
import io.meterlink.ingest.service.Delivery;
import io.meterlink.ingest.service.DeliveryClassifier;
import io.meterlink.ingest.service.Settlement;
import io.meterlink.ingest.service.Verdict;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The Kafka records of a delivery: keys, headers, and values consumers can rely on. */
class ReadingRecordsTest {

    private static final long GENERATED = 1_764_050_000_123L;
    private static final Settlement IGNORED = new Settlement() {
        @Override
        public void accept() {
        }

        @Override
        public void release(Throwable cause) {
        }
    };

    private final ReadingRecords records = new ReadingRecords("cdb.data.post", "meter.readings",
            "meter.status", "meter.readings.dlq");
    private final DeliveryClassifier classifier = new DeliveryClassifier(256, Duration.ofHours(1), 400);

    @Test
    void rawRecordIsThePayloadUnchangedKeyedByDevice() {
        byte[] payload = "DE02,10,17,011101010,am024,1d478f".getBytes(StandardCharsets.US_ASCII);
        Verdict.Accepted accepted = accepted(payload);
        ProducerRecord<String, byte[]> raw = records.raw(accepted);
        assertEquals("cdb.data.post", raw.topic());
        assertEquals("meter-000007", raw.key());
        assertArrayEquals(payload, raw.value());
        assertHeaders(raw);
    }

    @Test
    void eventRecordIsTheDomainJsonOfTheReading() {
        Verdict.Accepted accepted = accepted("DE02,10,17,011101010,am024,1d478f".getBytes(StandardCharsets.US_ASCII));
        ProducerRecord<String, byte[]> record = records.event(accepted);
        assertEquals("meter.readings", record.topic());
        assertEquals("meter-000007", record.key());
        ReadingEvent event = ReadingEventCodec.fromJson(record.value());
        assertEquals("a1MeterLink", event.productKey());
        assertEquals("meter-000007", event.deviceName());
        assertEquals("77", event.messageId());
        assertEquals(Instant.ofEpochMilli(GENERATED), event.generateTime());
        assertEquals("DE02,10,17,011101010,am024,1d478f", event.payload());
        assertEquals(accepted.reading(), event.reading().toMeterReading());
        assertHeaders(record);
    }

    @Test
    void deadLetterKeepsThePayloadAndSaysWhy() {
        byte[] payload = "DE02,10,45,011101010,am024,1d478f".getBytes(StandardCharsets.US_ASCII);
        Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, classifier.classify(
                delivery("/a1MeterLink/meter-000007/user/data/up", payload), GENERATED));
        ProducerRecord<String, byte[]> record = records.deadLetter(rejected);
        assertEquals("meter.readings.dlq", record.topic());
        assertEquals("meter-000007", record.key());
        assertArrayEquals(payload, record.value());
        assertEquals("invalid_field", header(record, "reason"));
        assertEquals("/a1MeterLink/meter-000007/user/data/up", header(record, "topic"));
        assertHeaders(record);
    }

    @Test
    void deadLetterOfAnUnknownTopicHasNoMeterHeaders() {
        Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, classifier.classify(
                delivery("/sys/whatever", new byte[] {1, 2}), GENERATED));
        ProducerRecord<String, byte[]> record = records.deadLetter(rejected);
        assertNull(record.key());
        assertNull(record.headers().lastHeader("deviceName"));
        assertEquals("unknown_topic", header(record, "reason"));
        assertEquals("77", header(record, "messageId"));
    }

    @Test
    void deviceStatusIsPassedOnUnchanged() {
        byte[] json = "{\"status\":\"online\",\"productKey\":\"a1MeterLink\",\"deviceName\":\"meter-000007\"}"
                .getBytes(StandardCharsets.UTF_8);
        Verdict.DeviceStatus status = assertInstanceOf(Verdict.DeviceStatus.class, classifier.classify(
                delivery("/as/mqtt/status/a1MeterLink/meter-000007", json), GENERATED));
        ProducerRecord<String, byte[]> record = records.status(status);
        assertEquals("meter.status", record.topic());
        assertEquals("meter-000007", record.key());
        assertArrayEquals(json, record.value());
        assertHeaders(record);
    }

    private Verdict.Accepted accepted(byte[] payload) {
        return assertInstanceOf(Verdict.Accepted.class,
                classifier.classify(delivery("/a1MeterLink/meter-000007/user/data/up", payload), GENERATED));
    }

    private static Delivery delivery(String topic, byte[] payload) {
        return new Delivery(topic, "77", GENERATED, payload, Instant.ofEpochMilli(GENERATED + 40), 0, IGNORED);
    }

    private static void assertHeaders(ProducerRecord<String, byte[]> record) {
        assertEquals("a1MeterLink", header(record, "productKey"));
        assertEquals("meter-000007", header(record, "deviceName"));
        assertEquals("77", header(record, "messageId"));
        assertEquals(Long.toString(GENERATED), header(record, "generateTime"));
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
