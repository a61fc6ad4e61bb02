package io.meterlink.testbed.simulator;

import java.util.Locale;

/** When in each interval a meter sends its reading. */
public enum PublishMode {
    /** Each meter at its own stable offset inside the interval: the smooth load a well-behaved fleet gives. */
    SPREAD,
    /** Every meter on the interval boundary (the quarter hour): the worst-case burst of 100,000 meters in sync. */
    BURST;

    /**
     * @throws IllegalArgumentException for anything but {@code spread} or {@code burst} (any case)
     */
    public static PublishMode parse(String text) {
        for (PublishMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode '" + text + "' is not spread or burst");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
