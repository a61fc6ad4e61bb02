package io.meterlink.alert.repository;

import java.time.Instant;

/** Optional criteria of an alert search; null means "any". */
public record AlertFilter(AlertStatus status, String rule, String productKey, String deviceName,
        Instant openedFrom, Instant openedTo) {
}
