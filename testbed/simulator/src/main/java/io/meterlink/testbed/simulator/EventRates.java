package io.meterlink.testbed.simulator;

/**
 * How often, per reading, a meter reports something the alert service must notice. Each is a probability 0..1
 * drawn independently for every reading, so over a day of 96 readings a rate of 0.01 gives about one event per meter.
 *
 * @param alarm      a non-zero alarm code
 * @param tamper     the {@code cover_opened} status bit
 * @param weakSignal a signal quality (CSQ) below 10
 */
public record EventRates(double alarm, double tamper, double weakSignal) {

    /** Rare enough that a 1,000-meter demo shows a handful of alerts per interval. */
    public static final EventRates DEFAULT = new EventRates(0.005, 0.001, 0.02);
    public static final EventRates NONE = new EventRates(0, 0, 0);

    public EventRates {
        check("alarm rate", alarm);
        check("tamper rate", tamper);
        check("weak signal rate", weakSignal);
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " " + rate + " is not between 0 and 1");
        }
    }
}
