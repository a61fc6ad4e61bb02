package io.meterlink.domain.topic;

import java.util.Objects;

/**
 * A meter's custom topic on Alibaba Cloud IoT Platform, {@code /<productKey>/<deviceName>/<suffix>}.
 * Names are validated on construction so a topic string built from an instance is always one the
 * platform accepts and {@link TopicMapping#parse} reads back.
 *
 * @throws IllegalArgumentException when a name breaks {@link DeviceIdentityRules}
 */
public record PlatformTopic(String productKey, String deviceName, TopicDirection direction) {

    public PlatformTopic {
        Objects.requireNonNull(direction, "direction");
        DeviceIdentityRules.productKeyProblem(productKey).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        DeviceIdentityRules.deviceNameProblem(deviceName).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** The full topic, e.g. {@code /a1B2c3D4e5F/meter-0001/user/data/up}. */
    public String fullName() {
        return "/" + productKey + "/" + deviceName + "/" + direction.suffix();
    }
}
