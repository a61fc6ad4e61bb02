package io.meterlink.command.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which platform error codes are retried, and how the wait grows. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(List.of("Throttling", "ServiceUnavailable",
            "SDK.ServerUnreachable", "iot.messagebroker.RateLimit"), Duration.ofMillis(500), Duration.ofSeconds(30), 2.0);

    @Test
    void retriesThrottlingAndTransientCodesByPrefix() {
        assertTrue(policy.isRetryable("Throttling"));
        assertTrue(policy.isRetryable("Throttling.User"));
        assertTrue(policy.isRetryable("Throttling.Api"));
        assertTrue(policy.isRetryable("ServiceUnavailable"));
        assertTrue(policy.isRetryable("SDK.ServerUnreachable"));
        assertTrue(policy.isRetryable("iot.messagebroker.RateLimit"));
    }

    @Test
    void neverRetriesValidationOrAuthorizationErrors() {
        assertFalse(policy.isRetryable("iot.common.InvalidFormattedParameter"));
        assertFalse(policy.isRetryable("iot.device.NotExistedDevice"));
        assertFalse(policy.isRetryable("InvalidAccessKeyId.NotFound"));
        assertFalse(policy.isRetryable("SignatureDoesNotMatch"));
        // A prefix match is on whole dotted segments: "ThrottlingX" is another code.
        assertFalse(policy.isRetryable("ThrottlingX"));
        assertFalse(policy.isRetryable(null));
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndIsCapped() {
        for (int i = 0; i < 200; i++) {
            long first = policy.backoff(1).toMillis();
            long third = policy.backoff(3).toMillis();
            long tenth = policy.backoff(10).toMillis();
            assertTrue(first >= 400 && first <= 600, "first " + first);
            assertTrue(third >= 1600 && third <= 2400, "third " + third);
            assertTrue(tenth >= 24_000 && tenth <= 36_000, "capped " + tenth);
        }
    }

    @Test
    void throttlingIsToldApartFromOtherRetryableErrors() {
        assertTrue(RetryPolicy.isThrottling("Throttling.User"));
        assertTrue(RetryPolicy.isThrottling("iot.messagebroker.RateLimit"));
        assertFalse(RetryPolicy.isThrottling("ServiceUnavailable"));
        assertEquals(false, RetryPolicy.isThrottling(null));
    }
}
