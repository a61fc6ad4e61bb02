package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.DeviceKey;
import io.meterlink.domain.topic.DeviceIdentityRules;
import java.util.Objects;

/**
 * One meter as the platform knows it after registration: its identity and the secret it signs CONNECT with.
 * {@link #toString()} hides the secret because registries end up in logs and test output.
 *
 * @throws IllegalArgumentException when a name breaks Alibaba's naming rules or the secret is empty
 */
public record RegisteredDevice(String productKey, String deviceName, String deviceSecret) {

    public RegisteredDevice {
        DeviceIdentityRules.productKeyProblem(productKey).ifPresent(RegisteredDevice::fail);
        DeviceIdentityRules.deviceNameProblem(deviceName).ifPresent(RegisteredDevice::fail);
        Objects.requireNonNull(deviceSecret, "deviceSecret");
        if (deviceSecret.isBlank() || deviceSecret.indexOf(',') >= 0) {
            fail("deviceSecret of " + deviceName + " is blank or contains a comma");
        }
    }

    public DeviceKey key() {
        return new DeviceKey(productKey, deviceName);
    }

    @Override
    public String toString() {
        return "RegisteredDevice[" + productKey + "/" + deviceName + ", deviceSecret=***]";
    }

    private static void fail(String problem) {
        throw new IllegalArgumentException(problem);
    }
}
