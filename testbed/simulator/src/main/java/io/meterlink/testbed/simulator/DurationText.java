package io.meterlink.testbed.simulator;

import java.time.Duration;

/** Durations as people type them on a command line: {@code 15m}, {@code 5s}, {@code 500ms}, {@code 2h}. */
public final class DurationText {

    private DurationText() {
    }

    /**
     * @throws IllegalArgumentException unless the text is a positive whole number followed by ms, s, m or h
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is missing");
        }
        String t = text.strip();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            throw new IllegalArgumentException("duration '" + text + "' is not a number followed by ms, s, m or h");
        }
        long amount = Long.parseLong(t.substring(0, i));
        Duration d = switch (t.substring(i)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("duration '" + text
                    + "' is not a number followed by ms, s, m or h");
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("duration '" + text + "' is zero");
        }
        return d;
    }

    /** The shortest exact text for a duration, e.g. {@code 15m} or {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
