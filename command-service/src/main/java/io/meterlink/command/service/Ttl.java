package io.meterlink.command.service;

import io.meterlink.api.ApiProblem;
import java.time.Duration;

/** The lifetime a request asks for, checked against the configured bounds. */
final class Ttl {

    private Ttl() {
    }

    static Duration of(Long ttlSeconds, Duration defaultTtl, Duration maxTtl) {
        if (ttlSeconds == null) {
            return defaultTtl;
        }
        if (ttlSeconds < 1 || ttlSeconds > maxTtl.toSeconds()) {
            throw ApiProblem.invalid("ttlSeconds", ttlSeconds + " is not 1-" + maxTtl.toSeconds());
        }
        return Duration.ofSeconds(ttlSeconds);
    }

    /** Idempotency keys are opaque to us, but must fit the column and a header. */
    static void checkIdempotencyKey(String key) {
        if (key == null) {
            return;
        }
        if (key.isEmpty() || key.length() > 200) {
            throw ApiProblem.invalid("Idempotency-Key", "must be 1-200 characters, got " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw ApiProblem.invalid("Idempotency-Key", "must be visible ASCII without spaces");
            }
        }
    }
}
