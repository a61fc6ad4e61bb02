package io.meterlink.ingest.messaging;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.event.ReadingEventCodec;
import io.meterlink.ingest.service.Verdict;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The Kafka records of one delivery. All are keyed by deviceName, so one meter's records stay in one partition, and
 * carry the headers {@code productKey}, {@code deviceName}, {@code messageId} and {@code generateTime} (epoch
 * milliseconds, decimal, as the platform sent it) so consumers can route and de-duplicate without parsing values.
 * The event records are serialized by meter-domain's Jackson codec, hence their reflection registration.
 */
@RegisterForReflection(targets = {ReadingEvent.class, ReadingEvent.Reading.class})
public final class ReadingRecords {

    public static final String PRODUCT_KEY = "productKey";
    public static final String DEVICE_NAME = "deviceName";
    public static final String MESSAGE_ID = "messageId";
    public static final String GENERATE_TIME = "generateTime";
    /** Dead letters only: the rejection code. */
    public static final String REASON = "reason";
    /** Dead letters only: what exactly was wrong. */
    public static final String DETAIL = "detail";
    /** Dead letters only: the platform topic the message arrived on, when it had one. */
    public static final String TOPIC = "topic";

    private final String rawTopic;
    private final String readingsTopic;
    private final String statusTopic;
    private final String deadLetterTopic;

    public ReadingRecords(String rawTopic, String readingsTopic, String statusTopic, String deadLetterTopic) {
        this.rawTopic = rawTopic;
        this.readingsTopic = readingsTopic;
        this.statusTopic = statusTopic;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** The payload bytes unchanged, for consumers of the old cluster's feed. */
    public ProducerRecord<String, byte[]> raw(Verdict.Accepted accepted) {
        return new ProducerRecord<>(rawTopic, null, accepted.deviceName(), accepted.delivery().payload(),
                headers(accepted));
    }

    /** The reading event in meter-domain's JSON. */
    public ProducerRecord<String, byte[]> event(Verdict.Accepted accepted) {
        ReadingEvent event = ReadingEvent.of(accepted.productKey(), accepted.deviceName(), accepted.messageId(),
                Instant.ofEpochMilli(accepted.generateTimeMs()), accepted.delivery().receivedAt(),
                new String(accepted.delivery().payload(), StandardCharsets.ISO_8859_1), accepted.reading());
        return new ProducerRecord<>(readingsTopic, null, accepted.deviceName(), ReadingEventCodec.toJson(event),
                headers(accepted));
    }

    /** A device status notification, its JSON body unchanged. */
    public ProducerRecord<String, byte[]> status(Verdict.DeviceStatus status) {
        return new ProducerRecord<>(statusTopic, null, status.deviceName(), status.delivery().payload(),
                headers(status.productKey(), status.deviceName(), status.messageId(), status.generateTimeMs()));
    }

    /** The payload unchanged (empty for a non-binary body) with why it was rejected. */
    public ProducerRecord<String, byte[]> deadLetter(Verdict.Rejected rejected) {
        Headers headers = new RecordHeaders();
        add(headers, PRODUCT_KEY, rejected.productKey());
        add(headers, DEVICE_NAME, rejected.deviceName());
        add(headers, MESSAGE_ID, rejected.messageId());
        add(headers, GENERATE_TIME, rejected.generateTimeMs() == null ? null : rejected.generateTimeMs().toString());
        add(headers, REASON, rejected.reason());
        add(headers, DETAIL, rejected.detail());
        add(headers, TOPIC, rejected.delivery().topic());
        byte[] payload = rejected.delivery().payload();
        return new ProducerRecord<>(deadLetterTopic, null, rejected.deviceName(),
                payload == null ? new byte[0] : payload, headers);
    }

    private static Headers headers(Verdict.Accepted accepted) {
        return headers(accepted.productKey(), accepted.deviceName(), accepted.messageId(), accepted.generateTimeMs());
    }

    private static Headers headers(String productKey, String deviceName, String messageId, long generateTimeMs) {
        Headers headers = new RecordHeaders();
        add(headers, PRODUCT_KEY, productKey);
        add(headers, DEVICE_NAME, deviceName);
        add(headers, MESSAGE_ID, messageId);
        add(headers, GENERATE_TIME, Long.toString(generateTimeMs));
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
