package io.meterlink.command.sender;

import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.gateway.SendOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Which refusals are worth another attempt and how long to wait before it. Throttling and transient errors are
 * retried with exponential backoff (with jitter, so replicas throttled together do not retry together);
 * everything else, above all validation errors, fails the command at once.
 */
@ApplicationScoped
public class RetryPolicy {

    private final Set<String> retryableCodes;
    private final List<String> retryablePrefixes;
    private final Duration initial;
    private final Duration max;
    private final double multiplier;

    @Inject
    public RetryPolicy(CommandServiceConfig config) {
        this(config.retry().retryableCodes(), config.retry().initialBackoff(), config.retry().maxBackoff(),
                config.retry().multiplier());
    }

    /**
     * @param retryableCodes codes worth retrying: an entry ending in {@code *} matches every code starting with what
     *                       comes before it, any other entry matches exactly (the syntax alert-service uses too)
     */
    RetryPolicy(List<String> retryableCodes, Duration initial, Duration max, double multiplier) {
        List<String> entries = retryableCodes.stream().map(String::trim).filter(c -> !c.isEmpty()).toList();
        this.retryableCodes = entries.stream().filter(c -> !c.endsWith("*")).collect(Collectors.toUnmodifiableSet());
        this.retryablePrefixes = entries.stream().filter(c -> c.endsWith("*"))
                .map(c -> c.substring(0, c.length() - 1)).toList();
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
    }

    /**
     * True for the configured throttling and transient error codes: {@code Throttling.*} covers
     * {@code Throttling.User}, a plain {@code Throttling} only itself.
     */
    public boolean isRetryable(String code) {
        if (code == null || SendOutcome.IN_DOUBT.equals(code)) {
            // A send that may have arrived is never repeated, whatever the configuration lists.
            return false;
        }
        return retryableCodes.contains(code) || retryablePrefixes.stream().anyMatch(code::startsWith);
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
