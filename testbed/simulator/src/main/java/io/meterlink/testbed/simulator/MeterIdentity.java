package io.meterlink.testbed.simulator;

import io.meterlink.domain.topic.DeviceIdentityRules;
import java.util.Objects;

/**
 * One meter as the IoT Platform knows it: product, device name and the device secret it signs its CONNECT with.
 * {@link #toString()} leaves the secret out because identities end up in log lines.
 */
public record MeterIdentity(String productKey, String deviceName, String deviceSecret) {

    /**
     * @throws IllegalArgumentException naming the field when a name breaks the platform's rules or the secret is empty
     */
    public MeterIdentity {
        DeviceIdentityRules.productKeyProblem(productKey).ifPresent(MeterIdentity::fail);
        DeviceIdentityRules.deviceNameProblem(deviceName).ifPresent(MeterIdentity::fail);
        if (Objects.requireNonNullElse(deviceSecret, "").isEmpty()) {
            fail("deviceSecret of " + deviceName + " is empty");
        }
    }

    @Override
    public String toString() {
        return "MeterIdentity[" + productKey + "/" + deviceName + ", deviceSecret=***]";
    }

    private static void fail(String problem) {
        throw new IllegalArgumentException(problem);
    }
}
