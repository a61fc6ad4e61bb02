package io.meterlink.testbed.cloudapi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Error codes tests queued with {@link CloudApiServer#failNext}: each properly signed call of the
 * action consumes one, in the order queued, instead of being processed.
 */
final class FaultInjector {

    private final Map<String, Deque<String>> pendingCodes = new HashMap<>();

    synchronized void failNext(String action, String code, int times) {
        if (action == null || action.isBlank() || code == null || code.isBlank()) {
            throw new IllegalArgumentException("action and code must not be empty");
        }
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, got " + times);
        }
        Deque<String> codes = pendingCodes.computeIfAbsent(action, a -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            codes.addLast(code);
        }
    }

    /** The next queued code for {@code action}, consuming it. */
    synchronized Optional<String> take(String action) {
        Deque<String> codes = pendingCodes.get(action);
        return codes == null ? Optional.empty() : Optional.ofNullable(codes.pollFirst());
    }

    synchronized void clear() {
        pendingCodes.clear();
    }
}
