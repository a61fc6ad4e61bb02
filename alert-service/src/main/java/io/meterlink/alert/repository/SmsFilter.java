package io.meterlink.alert.repository;

/** Optional criteria of an SMS search; null means "any". */
public record SmsFilter(SmsStatus status, SmsKind kind, Long alertId, String phoneNumber) {
}
