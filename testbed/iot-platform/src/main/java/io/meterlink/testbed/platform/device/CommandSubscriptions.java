package io.meterlink.testbed.platform.device;

import io.meterlink.domain.signing.DeviceKey;

/**
 * Told when a device starts or stops consuming its {@code cmd/down} topic, so commands kept for it while it could
 * not receive them are delivered as soon as it can.
 */
public interface CommandSubscriptions {

    /** @param queueName the broker queue behind the new subscription */
    void subscribed(DeviceKey device, String queueName);

    void unsubscribed(DeviceKey device);
}
