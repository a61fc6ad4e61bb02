package io.meterlink.testbed.simulator;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * When a meter's readings fall due. Intervals are aligned to the epoch, so with 15 minutes the boundaries are the
 * quarter hours of the wall clock, as on real meters. In burst mode every meter is due on the boundary; in spread mode
 * each meter is due at its own offset inside the interval, stable for a seed and device name.
 */
final class ReadingSchedule {

    private final long intervalMs;
    private final long offsetMs;

    ReadingSchedule(Duration interval, PublishMode mode, long seed, String deviceName) {
        this.intervalMs = interval.toMillis();
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("interval " + interval + " is not positive");
        }
        this.offsetMs = mode == PublishMode.BURST ? 0
                : new SplittableRandom(seed ^ 0x5DEECE66DL ^ (long) deviceName.hashCode() << 16).nextLong(intervalMs);
    }

    long intervalMs() {
        return intervalMs;
    }

    /** Where in each interval this meter is due: 0 in burst mode. */
    long offsetMs() {
        return offsetMs;
    }

    /** The first due time strictly after {@code nowMs}. */
    long firstDueAfter(long nowMs) {
        long slotStart = Math.floorDiv(nowMs - offsetMs, intervalMs) * intervalMs + offsetMs;
        return slotStart + intervalMs;
    }

    /** Index of the interval a due time belongs to, counted from the epoch. */
    long slotOf(long dueMs) {
        return Math.floorDiv(dueMs - offsetMs, intervalMs);
    }
}
