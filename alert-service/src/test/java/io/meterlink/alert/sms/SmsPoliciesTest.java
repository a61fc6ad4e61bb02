package io.meterlink.alert.sms;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which SendSms failures are retried and when, and the per-number caps. */
class SmsPoliciesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final RetryPolicy retry = new RetryPolicy(
            List.of("isv.BUSINESS_LIMIT_CONTROL", "Throttling*", "isp.SYSTEM_ERROR"),
            Duration.ofSeconds(5), Duration.ofMinutes(5), 4);

    @Test
    void throttlingAndServerErrorsAreRetriedPermanentErrorsAreNot() {
        assertTrue(retry.isRetryable("isv.BUSINESS_LIMIT_CONTROL"));
        assertTrue(retry.isRetryable("Throttling.User"));
        assertTrue(retry.isRetryable("isp.SYSTEM_ERROR"));
        assertTrue(retry.isRetryable(RetryPolicy.UNREACHABLE));
        assertFalse(retry.isRetryable("isv.MOBILE_NUMBER_ILLEGAL"));
        assertFalse(retry.isRetryable("isv.TEMPLATE_MISSING_PARAMETERS"));
        assertFalse(retry.isRetryable("isv.AMOUNT_NOT_ENOUGH"));
        assertFalse(retry.isRetryable(null));

        RetryPolicy.Decision permanent = retry.afterFailure("isv.MOBILE_NUMBER_ILLEGAL", 1, T0);
        assertFalse(permanent.retry());
        assertNull(permanent.nextAttemptAt());
    }

    @Test
    void anEntryEndingInAStarMatchesByPrefixAnyOtherExactly() {
        RetryPolicy codes = new RetryPolicy(List.of("Throttling*", " isp.SYSTEM_ERROR ", "ServiceUnavailable", ""),
                Duration.ofSeconds(5), Duration.ofMinutes(5), 4);
        assertTrue(codes.isRetryable("Throttling"));
        assertTrue(codes.isRetryable("Throttling.Api"));
        assertTrue(codes.isRetryable("isp.SYSTEM_ERROR"), "blanks around an entry are ignored");
        assertFalse(codes.isRetryable("isp.SYSTEM_ERROR_X"), "no star: exact match only");
        assertFalse(codes.isRetryable("isp.SYSTEM"), "no star: exact match only");
        assertFalse(codes.isRetryable("ServiceUnavailable.Temporary"));
        assertFalse(codes.isRetryable(""), "an empty entry matches nothing");
        assertFalse(codes.isRetryable("isv.MOBILE_NUMBER_ILLEGAL"));
    }

    @Test
    void backoffDoublesWithJitterUpToTheCapAndAttemptsRunOut() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            RetryPolicy.Decision d = retry.afterFailure("Throttling.User", attempt, T0);
            assertTrue(d.retry());
            long base = 5_000L << (attempt - 1);
            long waited = Duration.between(T0, d.nextAttemptAt()).toMillis();
            assertTrue(waited >= base && waited <= base * 6 / 5, "attempt " + attempt + " waited " + waited);
        }
        assertFalse(retry.afterFailure("Throttling.User", 4, T0).retry(), "max-attempts 4 reached");
        RetryPolicy capped = new RetryPolicy(List.of("X"), Duration.ofSeconds(5), Duration.ofSeconds(30), 100);
        assertEquals(Duration.ofSeconds(30), capped.backoff(20));
    }

    @Test
    void capsWaitForTheMinuteOrHourAndGiveUpForTheDay() {
        SendCaps caps = new SendCaps(2, 5, 10);
        assertTrue(caps.check(new SendCaps.Sent(1, 4, 9), T0, T0, T0).allowed());

        SendCaps.Verdict minute = caps.check(new SendCaps.Sent(2, 2, 2), T0.minusSeconds(20), T0.minusSeconds(20), T0);
        assertFalse(minute.allowed());
        assertFalse(minute.exhausted());
        assertEquals(T0.plusSeconds(40), minute.notBefore(), "free once the oldest send leaves the minute");

        SendCaps.Verdict hour = caps.check(new SendCaps.Sent(0, 5, 5), null, T0.minusSeconds(600), T0);
        assertEquals(T0.plusSeconds(3000), hour.notBefore());

        SendCaps.Verdict day = caps.check(new SendCaps.Sent(0, 0, 10), null, null, T0);
        assertTrue(day.exhausted());
        assertFalse(day.allowed());
    }
}
