package io.meterlink.alert.notification;

import java.time.Duration;

/**
 * Decides when alerts stop being texted one by one. While at most {@code threshold} alerts opened within the sliding
 * {@code window}, each gets its own SMS; beyond that a feeder is probably down, and the rest of the storm is folded
 * into one summary per recipient.
 */
public final class StormGate {

    private final int threshold;
    private final Duration window;

    public StormGate(int threshold, Duration window) {
        if (threshold < 0) {
            throw new IllegalArgumentException("meterlink.alert.notify.storm.threshold must not be negative");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("meterlink.alert.notify.storm.window must be positive");
        }
        this.threshold = threshold;
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    public int threshold() {
        return threshold;
    }

    /**
     * How many of a group of newly opened alerts may still be notified individually.
     *
     * @param openedInWindowBefore alerts opened within the window before this group
     */
    public int individualSlots(long openedInWindowBefore) {
        return (int) Math.max(0, threshold - openedInWindowBefore);
    }

    /** Whether {@code openedInWindow} alerts within one window are a storm. */
    public boolean isStorm(long openedInWindow) {
        return openedInWindow > threshold;
    }
}
