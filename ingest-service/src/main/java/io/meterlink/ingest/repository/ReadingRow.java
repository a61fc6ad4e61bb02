package io.meterlink.ingest.repository;

import io.meterlink.domain.frame.MeterReading;

/**
 * One row for {@code ingest.reading}, with times in epoch milliseconds as the platform sends them.
 *
 * @param frame the payload text (printable ASCII, byte-identical to what the meter sent)
 */
public record ReadingRow(long generateTimeMs, String messageId, String productKey, String deviceName,
        long receivedAtMs, String frame, MeterReading reading) {

    public ReadingKey key() {
        return new ReadingKey(messageId, generateTimeMs);
    }
}
