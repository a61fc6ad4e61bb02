package io.meterlink.testbed.platform.device;

import io.meterlink.domain.signing.DeviceKey;
import java.security.Principal;

/**
 * The authenticated meter behind an MQTT connection, attached to the connection's Subject so topic permission
 * checks and connection bookkeeping know whose connection it is without re-parsing credentials.
 */
public record DevicePrincipal(String productKey, String deviceName, String clientId) implements Principal {

    @Override
    public String getName() {
        return productKey + "/" + deviceName;
    }

    public DeviceKey key() {
        return new DeviceKey(productKey, deviceName);
    }

    /** The only topic this device may publish to. */
    public String dataUpTopic() {
        return "/" + productKey + "/" + deviceName + "/user/data/up";
    }

    /** The only topic this device may subscribe to. */
    public String cmdDownTopic() {
        return "/" + productKey + "/" + deviceName + "/user/cmd/down";
    }
}
