package io.meterlink.domain.frame;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The single table of what each status-bit position in a data frame means. Positions count from
 * the leftmost character of the nine-character status field. Keys are used in configuration
 * (e.g. which bits raise alerts) and in reading events, so they are stable.
 */
public enum StatusBit {
    RELAY_CLOSED(0, "relay_closed", "Load relay is closed (supply connected)"),
    POWER_ON(1, "power_on", "Mains power is present"),
    BATTERY_OK(2, "battery_ok", "Clock/backup battery is healthy"),
    COVER_OPENED(3, "cover_opened", "Terminal cover was opened (tamper)"),
    MAGNETIC_INTERFERENCE(4, "magnetic_interference", "Strong external magnetic field detected (tamper)"),
    REVERSE_CURRENT(5, "reverse_current", "Current flows in reverse direction"),
    CLOCK_ERROR(6, "clock_error", "Real-time clock fault"),
    MEMORY_ERROR(7, "memory_error", "Non-volatile memory fault"),
    OVERLOAD(8, "overload", "Load exceeds rated current");

    /** Number of status characters in a data frame. */
    public static final int COUNT = 9;

    private static final StatusBit[] BY_POSITION = values();

    private final int position;
    private final String key;
    private final String description;

    StatusBit(int position, String key, String description) {
        this.position = position;
        this.key = key;
        this.description = description;
    }

    /** Zero-based index from the left of the status field. */
    public int position() {
        return position;
    }

    /** Stable lower-snake identifier, e.g. {@code cover_opened}. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** Bit value inside {@link StatusBits#mask()}. */
    int maskBit() {
        return 1 << position;
    }

    /**
     * Resolves a configured key; fails loudly because a typo in alert configuration would
     * otherwise silently disable an alarm.
     *
     * @throws IllegalArgumentException listing the valid keys when {@code key} is unknown
     */
    public static StatusBit byKey(String key) {
        for (StatusBit bit : BY_POSITION) {
            if (bit.key.equals(key)) {
                return bit;
            }
        }
        throw new IllegalArgumentException("unknown status bit '" + key + "', valid keys: "
                + Arrays.stream(BY_POSITION).map(StatusBit::key).collect(Collectors.joining(", ")));
    }

    /**
     * @throws IllegalArgumentException when {@code position} is not 0..8
     */
    public static StatusBit byPosition(int position) {
        if (position < 0 || position >= COUNT) {
            throw new IllegalArgumentException("status bit position " + position + " is not 0-8");
        }
        return BY_POSITION[position];
    }
}
