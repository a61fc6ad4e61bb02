package io.meterlink.domain.signing;

import java.util.OptionalLong;

/**
 * Outcome of checking a meter's MQTT CONNECT credentials; refusals carry a typed reason so the
 * broker can log and count them without parsing messages.
 */
public sealed interface DeviceAuthResult permits DeviceAuthResult.Accepted, DeviceAuthResult.Denied {

    boolean isAccepted();

    /**
     * Credentials are genuine.
     *
     * @param clientId    the id part of the MQTT clientId (before the first {@code |})
     * @param securemode  2 (TLS) or 3 (plain TCP)
     * @param timestampMs the signed timestamp, absent when the meter did not send one (Alibaba
     *                    treats it as optional and does not check freshness)
     */
    record Accepted(String productKey, String deviceName, String clientId, int securemode, SignMethod signMethod,
            OptionalLong timestampMs) implements DeviceAuthResult {
        @Override
        public boolean isAccepted() {
            return true;
        }
    }

    /** Credentials were refused; {@code detail} is for logs and never contains the secret. */
    record Denied(DeviceAuthFailure reason, String detail) implements DeviceAuthResult {
        @Override
        public boolean isAccepted() {
            return false;
        }
    }
}
