package io.meterlink.testbed.platform;

import java.util.Objects;

/**
 * What a device publishes on its {@code /${productKey}/${deviceName}/user/data/up} topic, used to inject traffic
 * without an MQTT connection (benchmarks preload queues with it).
 */
public record UplinkMessage(String productKey, String deviceName, byte[] payload) {

    public UplinkMessage {
        Objects.requireNonNull(productKey, "productKey");
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(payload, "payload");
    }

    public String topic() {
        return "/" + productKey + "/" + deviceName + "/user/data/up";
    }
}
