package io.meterlink.domain.signing;

/**
 * Outcome of checking AMQP subscription credentials, as the platform (or our testbed standing in
 * for it) would decide.
 */
public sealed interface AmqpAuthResult permits AmqpAuthResult.Accepted, AmqpAuthResult.Denied {

    boolean isAccepted();

    /**
     * Credentials are genuine and fresh.
     *
     * @param iotInstanceId empty string when the login named no instance (public instance)
     */
    record Accepted(String clientId, String accessKeyId, String consumerGroupId, String iotInstanceId,
            SignMethod signMethod, long timestampMs) implements AmqpAuthResult {
        @Override
        public boolean isAccepted() {
            return true;
        }
    }

    /** Credentials were refused; {@code detail} is for logs and never contains the secret. */
    record Denied(AmqpAuthFailure reason, String detail) implements AmqpAuthResult {
        @Override
        public boolean isAccepted() {
            return false;
        }
    }
}
