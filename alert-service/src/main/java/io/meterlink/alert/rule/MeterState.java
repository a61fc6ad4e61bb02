package io.meterlink.alert.rule;

import java.time.Instant;

/**
 * What the rules remember about one meter between two readings.
 *
 * @param lastReadingAt    time of the newest reading applied, null before the first one
 * @param lastEnergy       energy register of that reading in 0.01 kWh, null before the first one
 * @param weakSignalStreak consecutive weak-signal reports up to that reading
 */
public record MeterState(Instant lastReadingAt, Long lastEnergy, int weakSignalStreak) {

    /** A meter this service has never heard from. */
    public static final MeterState UNKNOWN = new MeterState(null, null, 0);

    /**
     * Whether a reading taken at {@code readingTime} is older than the newest one already applied, i.e. it arrived
     * out of order and must not move the state backwards.
     */
    public boolean supersedes(Instant readingTime) {
        return lastReadingAt != null && readingTime.isBefore(lastReadingAt);
    }
}
