package io.meterlink.ingest.service;

import java.time.Instant;
import java.util.Objects;

/**
 * One message as the platform delivered it, before any judgement, plus the means to settle it. Property values are
 * kept as received (any type, possibly absent) so that a bad one can be reported rather than crash the reader.
 *
 * @param topic         application property {@code topic}, or null
 * @param messageId     application property {@code messageId}, or null
 * @param generateTime  application property {@code generateTime} as received (a number or text), or null
 * @param payload       the body bytes exactly as sent by the device; null when the body is not binary data
 * @param receivedAt    when ingest received it
 * @param receivedNanos {@link System#nanoTime()} at reception, for the settle latency
 * @param settlement    accepts or releases the message at the platform
 */
public record Delivery(String topic, String messageId, Object generateTime, byte[] payload, Instant receivedAt,
        long receivedNanos, Settlement settlement) {

    public Delivery {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(settlement, "settlement");
    }
}
