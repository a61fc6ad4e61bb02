package io.meterlink.testbed.cloudapi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-action flow control over a sliding window, standing in for Alibaba's per-account QPS limits
 * (answered with {@code Throttling.User}). Uses the monotonic clock so shifting the settings' wall
 * clock for timestamp tests does not disturb it.
 */
final class ActionThrottle {

    private final Map<String, CloudApiSettings.Quota> quotas;
    private final Map<String, Deque<Long>> admittedNanos = new HashMap<>();

    ActionThrottle(Map<String, CloudApiSettings.Quota> quotas) {
        this.quotas = quotas;
    }

    /** Whether one more call of {@code action} fits in its quota now; counts it if so. */
    synchronized boolean tryAdmit(String action) {
        CloudApiSettings.Quota quota = quotas.get(action);
        if (quota == null) {
            return true;
        }
        long now = System.nanoTime();
        long windowStart = now - quota.period().toNanos();
        Deque<Long> admitted = admittedNanos.computeIfAbsent(action, a -> new ArrayDeque<>());
        while (!admitted.isEmpty() && admitted.peekFirst() - windowStart <= 0) {
            admitted.pollFirst();
        }
        if (admitted.size() >= quota.permits()) {
            return false;
        }
        admitted.addLast(now);
        return true;
    }
}
