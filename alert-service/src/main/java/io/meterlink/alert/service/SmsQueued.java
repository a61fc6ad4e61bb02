package io.meterlink.alert.service;

/** CDI event fired when a transaction queued SMS; observed after commit to wake the sending workers at once. */
public record SmsQueued(int count) {
}
