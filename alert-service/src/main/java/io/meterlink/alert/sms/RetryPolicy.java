package io.meterlink.alert.sms;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Which SendSms failures are worth another attempt, and when. Throttling and server-side trouble clear up by
 * themselves, so they are retried with exponential backoff; a bad number or a template missing a parameter never
 * will, and because SendSms is not idempotent, retrying them would only risk duplicates later.
 *
 * <p>No answer at all is retried too: the SMS may have gone out, but for an alert a rare duplicate is better than
 * an engineer never hearing about a tampered meter.
 */
public final class RetryPolicy {

    /** Code stored for attempts that got no answer. */
    public static final String UNREACHABLE = "local.UNREACHABLE";

    /** The judgement on one failed attempt. */
    public record Decision(boolean retry, Instant nextAttemptAt) {
    }

    private final Set<String> retryableCodes;
    private final List<String> retryablePrefixes;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;

    /**
     * @param retryableCodes codes retried, the syntax every MeterLink service uses for Alibaba error codes: an entry
     *                       ending in {@code *} matches every code with that prefix (e.g. {@code Throttling*}), any
     *                       other entry matches exactly; blanks around an entry are ignored
     */
    public RetryPolicy(List<String> retryableCodes, Duration initialBackoff, Duration maxBackoff, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("meterlink.alert.sms.retry.max-attempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("meterlink.alert.sms.retry.initial-backoff must be positive and not "
                    + "above meterlink.alert.sms.retry.max-backoff");
        }
        List<String> entries = retryableCodes.stream().map(String::trim).filter(c -> !c.isEmpty()).toList();
        this.retryableCodes = entries.stream().filter(c -> !c.endsWith("*")).collect(Collectors.toUnmodifiableSet());
        this.retryablePrefixes = entries.stream().filter(c -> c.endsWith("*"))
                .map(c -> c.substring(0, c.length() - 1)).toList();
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxAttempts = maxAttempts;
    }

    public boolean isRetryable(String code) {
        if (code == null) {
            return false;
        }
        if (UNREACHABLE.equals(code) || retryableCodes.contains(code)) {
            return true;
        }
        for (String prefix : retryablePrefixes) {
            if (code.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param code     the failure code of the attempt just made
     * @param attempts attempts made so far, including that one
     */
    public Decision afterFailure(String code, int attempts, Instant now) {
        if (!isRetryable(code) || attempts >= maxAttempts) {
            return new Decision(false, null);
        }
        return new Decision(true, now.plus(backoff(attempts)));
    }

    /** Exponential backoff with up to 20 % jitter, so a throttled burst does not come back as one burst. */
    Duration backoff(int attempts) {
        long base = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long delay = base;
        for (int i = 1; i < attempts && delay < cap; i++) {
            delay = Math.min(cap, delay * 2);
        }
        long jitter = delay / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay / 5 + 1);
        return Duration.ofMillis(Math.min(cap, delay + jitter));
    }
}
