package io.meterlink.domain.topic;

import java.util.Optional;

/**
 * Which productKey and deviceName strings are acceptable. Names end up inside topic levels,
 * MQTT usernames and database keys, so anything outside these rules is refused at the edge.
 *
 * <p>deviceName follows Alibaba's rule: 4-32 characters of letters, digits and {@code -_@.:}.
 * Alibaba generates productKeys as 11 letters and digits (e.g. {@code a1B2c3D4e5F}); the format
 * is not contractually fixed, so we accept 1-32 ASCII letters or digits, which keeps every real
 * key valid while still excluding separators and wildcards.
 */
public final class DeviceIdentityRules {

    public static final int MAX_PRODUCT_KEY_LENGTH = 32;
    public static final int MIN_DEVICE_NAME_LENGTH = 4;
    public static final int MAX_DEVICE_NAME_LENGTH = 32;

    private DeviceIdentityRules() {
    }

    /** Why {@code productKey} is unusable, or empty when it is fine. */
    public static Optional<String> productKeyProblem(String productKey) {
        if (productKey == null || productKey.isEmpty()) {
            return Optional.of("productKey is empty");
        }
        if (productKey.length() > MAX_PRODUCT_KEY_LENGTH) {
            return Optional.of("productKey is " + productKey.length() + " characters, max " + MAX_PRODUCT_KEY_LENGTH);
        }
        for (int i = 0; i < productKey.length(); i++) {
            if (!isAlphanumeric(productKey.charAt(i))) {
                return Optional.of("productKey '" + productKey + "' may only contain A-Z, a-z, 0-9");
            }
        }
        return Optional.empty();
    }

    /** Why {@code deviceName} is unusable, or empty when it is fine. */
    public static Optional<String> deviceNameProblem(String deviceName) {
        if (deviceName == null || deviceName.isEmpty()) {
            return Optional.of("deviceName is empty");
        }
        int len = deviceName.length();
        if (len < MIN_DEVICE_NAME_LENGTH || len > MAX_DEVICE_NAME_LENGTH) {
            return Optional.of("deviceName '" + deviceName + "' is " + len + " characters, expected 4-32");
        }
        for (int i = 0; i < len; i++) {
            char c = deviceName.charAt(i);
            if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '@' && c != '.' && c != ':') {
                return Optional.of("deviceName '" + deviceName + "' may only contain A-Z, a-z, 0-9 and -_@.:");
            }
        }
        return Optional.empty();
    }

    public static boolean isValidProductKey(String productKey) {
        return productKeyProblem(productKey).isEmpty();
    }

    public static boolean isValidDeviceName(String deviceName) {
        return deviceNameProblem(deviceName).isEmpty();
    }

    private static boolean isAlphanumeric(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}
