package io.meterlink.ingest.repository;

/** The de-duplication key of a reading: the platform's messageId and generateTime (see the V1 migration). */
public record ReadingKey(String messageId, long generateTimeMs) {
}
