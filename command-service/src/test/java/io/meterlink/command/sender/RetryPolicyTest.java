package io.meterlink.command.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.command.config.CommandServiceConfig;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which platform error codes are retried, and how the wait grows. */
class RetryPolicyTest {

    // The shared syntax: "X.*" matches by prefix, "X" exactly (written so that X covers X and X.anything, as before).
    private final RetryPolicy policy = new RetryPolicy(List.of("Throttling", "Throttling.*", "ServiceUnavailable",
            " SDK.ServerUnreachable ", "iot.messagebroker.RateLimit", ""), Duration.ofMillis(500),
            Duration.ofSeconds(30), 2.0);

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
        // "Throttling.*" needs the dot: "ThrottlingX" is another code.
        assertFalse(policy.isRetryable("ThrottlingX"));
        // Without a *, an entry is exact.
        assertFalse(policy.isRetryable("ServiceUnavailable.Temporary"));
        assertFalse(policy.isRetryable(""));
        assertFalse(policy.isRetryable(null));
    }

    @Test
    void theDefaultListRetriesWhatThePrefixListDidBefore() {
        RetryPolicy defaults = new RetryPolicy(List.of(defaultCodes().split(",")), Duration.ofMillis(500),
                Duration.ofSeconds(30), 2.0);
        for (String code : List.of("Throttling", "Throttling.User", "Throttling.Api", "ServiceUnavailable",
                "InternalError", "SDK.ServerUnreachable", "SDK.TimeOut", "iot.system.SystemBusy",
                "iot.messagebroker.RateLimit", "Legacy.Unavailable", "Legacy.Unavailable.Connect")) {
            assertTrue(defaults.isRetryable(code), code);
        }
        for (String code : List.of("ThrottlingX", "iot.common.InvalidFormattedParameter", "SignatureDoesNotMatch",
                "InternalErrorX", "SDK.Unexpected")) {
            assertFalse(defaults.isRetryable(code), code);
        }
    }

    /** The @WithDefault of retry.retryable-codes, as SmallRye hands it over. */
    private static String defaultCodes() {
        try {
            return CommandServiceConfig.Retry.class.getMethod("retryableCodes").getAnnotation(WithDefault.class)
                    .value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
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
