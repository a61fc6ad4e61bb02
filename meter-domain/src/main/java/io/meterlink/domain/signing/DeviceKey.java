package io.meterlink.domain.signing;

/**
 * Identifies a meter for secret lookup during MQTT authentication; a key type rather than two
 * strings so lookups cannot swap productKey and deviceName.
 */
public record DeviceKey(String productKey, String deviceName) {
}
