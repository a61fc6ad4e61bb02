package io.meterlink.ingest.rest;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.ingest.repository.Reading;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * A stored reading as the API shows it; the decoded values use meter-domain's event shape so API and Kafka readers
 * see the same field names.
 *
 * @param frame the payload exactly as received
 */
@RegisterForReflection(targets = {ReadingView.class, ReadingEvent.Reading.class})
public record ReadingView(String productKey, String deviceName, String messageId, Instant generateTime,
        Instant receivedAt, String frame, ReadingEvent.Reading reading) {

    static ReadingView of(Reading row) {
        return new ReadingView(row.productKey, row.deviceName, row.messageId, row.generateTime, row.receivedAt,
                row.frame, ReadingEvent.Reading.of(row.toMeterReading()));
    }
}
