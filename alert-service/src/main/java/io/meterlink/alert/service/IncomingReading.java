package io.meterlink.alert.service;

import io.meterlink.domain.event.ReadingEvent;

/**
 * A decoded reading with the key that identifies its delivery: the platform message id, or its Kafka position when
 * the event has none.
 */
public record IncomingReading(String dedupKey, ReadingEvent event) {

    /** The key for an event at {@code topic}/{@code partition}/{@code offset}. */
    public static String dedupKey(ReadingEvent event, String headerMessageId, String topic, int partition,
            long offset) {
        String id = event.messageId() != null && !event.messageId().isBlank() ? event.messageId() : headerMessageId;
        if (id != null && !id.isBlank()) {
            return "msg:" + event.productKey() + ':' + id;
        }
        return "kafka:" + topic + ':' + partition + ':' + offset;
    }
}
