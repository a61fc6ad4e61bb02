package io.meterlink.ingest.service;

import io.meterlink.domain.frame.MeterReading;

/**
 * What ingest makes of one delivery: a reading to store and publish, a device status to pass on, or a rejection to
 * dead-letter.
 */
public sealed interface Verdict permits Verdict.Accepted, Verdict.DeviceStatus, Verdict.Rejected {

    Delivery delivery();

    /** A valid data frame from a known meter topic with all properties present. */
    record Accepted(Delivery delivery, String productKey, String deviceName, String messageId, long generateTimeMs,
            MeterReading reading) implements Verdict {
    }

    /**
     * A device online/offline notification ({@code /as/mqtt/status/<productKey>/<deviceName>}, JSON body) that the
     * consumer group also receives when status forwarding is enabled: passed on to Kafka unchanged, not stored.
     */
    record DeviceStatus(Delivery delivery, String productKey, String deviceName, String messageId,
            long generateTimeMs) implements Verdict {
    }

    /**
     * A delivery that will never become a reading; what could be read of it is kept for the dead-letter record.
     *
     * @param reason         stable code (an {@link IngestRejection} or a frame {@code RejectionReason} code)
     * @param detail         what exactly was wrong, for people
     * @param productKey     null when the topic could not be read
     * @param deviceName     null when the topic could not be read
     * @param generateTimeMs null when absent or unreadable
     */
    record Rejected(Delivery delivery, String reason, String detail, String productKey, String deviceName,
            String messageId, Long generateTimeMs) implements Verdict {

        /** Text that PostgreSQL must store even for a rejection: whatever the delivery carried, minus U+0000. */
        public Rejected {
            detail = DeliveryClassifier.storableText(detail);
            productKey = DeliveryClassifier.storableText(productKey);
            deviceName = DeliveryClassifier.storableText(deviceName);
            messageId = DeliveryClassifier.storableText(messageId);
        }
    }
}
