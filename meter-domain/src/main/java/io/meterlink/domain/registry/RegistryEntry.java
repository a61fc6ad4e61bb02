package io.meterlink.domain.registry;

/**
 * One meter line of a device registry file, as written there (names are not checked against
 * {@link io.meterlink.domain.topic.DeviceIdentityRules}: each reader does that in its own terms).
 *
 * @param line         the line number in the file, counting from 1 (blank and comment lines included), for messages
 * @param productKey   the first column, stripped
 * @param deviceName   the second column, stripped
 * @param deviceSecret the third column, stripped; null when the file was read for {@link RegistryColumns#NAMES}, so
 *                     a reader that only needs names never holds a secret
 */
public record RegistryEntry(int line, String productKey, String deviceName, String deviceSecret) {

    /** Leaves the secret out: entries end up in log lines and error messages. */
    @Override
    public String toString() {
        return "RegistryEntry[line " + line + ", " + productKey + "/" + deviceName
                + (deviceSecret == null ? "" : ", deviceSecret=***") + "]";
    }
}
