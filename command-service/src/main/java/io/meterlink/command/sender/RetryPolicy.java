package io.meterlink.command.sender;

import io.meterlink.command.config.CommandServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which refusals are worth another attempt and how long to wait before it. Throttling and transient errors are
 * retried with exponential backoff (with jitter, so replicas throttled together do not retry together);
 * everything else, above all validation errors, fails the command at once.
 */
@ApplicationScoped
public class RetryPolicy {

    private final List<String> retryablePrefixes;
    private final Duration initial;
    private final Duration max;
    private final double multiplier;

    @Inject
    public RetryPolicy(CommandServiceConfig config) {
        this(config.retry().retryableCodes(), config.retry().initialBackoff(), config.retry().maxBackoff(),
                config.retry().multiplier());
    }

    RetryPolicy(List<String> retryablePrefixes, Duration initial, Duration max, double multiplier) {
        this.retryablePrefixes = List.copyOf(retryablePrefixes);
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
    }

    /** True for throttling and transient error codes, matched by prefix ({@code Throttling} covers {@code Throttling.User}). */
    public boolean isRetryable(String code) {
        if (code == null) {
            return false;
        }
        for (String prefix : retryablePrefixes) {
            if (code.equals(prefix) || code.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the code says the account is over its rate, so every sender should slow down, not just this one. */
    public static boolean isThrottling(String code) {
        return code != null && (code.startsWith("Throttling") || code.endsWith("RateLimit"));
    }

    /** Wait before attempt {@code failedAttempts + 1}: initial × multiplier^(n-1), capped, ±20 % jitter. */
    public Duration backoff(int failedAttempts) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        millis = Math.min(millis, max.toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, Math.round(millis * jitter)));
    }
}
