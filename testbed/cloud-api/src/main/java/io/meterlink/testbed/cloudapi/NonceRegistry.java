package io.meterlink.testbed.cloudapi;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers each AccessKey's signature nonces until the request they came with could no longer pass
 * the timestamp check, so a captured request cannot be sent twice ({@code SignatureNonceUsed}).
 */
final class NonceRegistry {

    private static final int SWEEP_EVERY = 1024;

    private final Map<String, Instant> expiryByNonce = new ConcurrentHashMap<>();
    private final AtomicInteger claimsSinceSweep = new AtomicInteger();

    /**
     * Records {@code nonce} for {@code accessKeyId} until {@code forgetAfter}.
     *
     * @return false when it was already recorded and is still remembered (a replay)
     */
    boolean claim(String accessKeyId, String nonce, Instant forgetAfter, Instant now) {
        if (claimsSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            claimsSinceSweep.set(0);
            expiryByNonce.values().removeIf(expiry -> expiry.isBefore(now));
        }
        String key = accessKeyId + '\n' + nonce;
        boolean[] fresh = {false};
        expiryByNonce.compute(key, (k, existing) -> {
            if (existing == null || existing.isBefore(now)) {
                fresh[0] = true;
                return forgetAfter;
            }
            return existing;
        });
        return fresh[0];
    }
}
