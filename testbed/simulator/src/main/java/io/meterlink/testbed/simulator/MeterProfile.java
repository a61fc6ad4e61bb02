package io.meterlink.testbed.simulator;

import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.domain.frame.StatusBits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/**
 * What one meter measures: a household (or, for one meter in twenty, a small business) with its own average load that
 * follows a daily curve (night trough, morning and evening peaks), plus alarms, tamper and weak-signal events at the
 * configured rates. The cumulative energy only grows, by at least 0.01 kWh per reading (standby load never stops).
 *
 * <p>Every value comes from a random stream seeded with the fleet seed and the device name, so the same meter produces
 * the same readings for the same seed however many other meters run. Not thread-safe: one meter, one caller.
 */
public final class MeterProfile {

    /** Status of a healthy meter: supply connected, mains present, battery fine. */
    static final StatusBits HEALTHY = StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON, StatusBit.BATTERY_OK);
    static final int WEAK_SIGNAL_BELOW = 10;
    /** The fleet is in mainland China (region cn-shanghai): the daily curve follows its local time. */
    static final ZoneId METER_ZONE = ZoneId.of("Asia/Shanghai");

    private final SplittableRandom random;
    private final EventRates rates;
    private final double periodHours;
    private final double averageKw;
    private final int firmwareVersion;
    private final int usualSignal;
    private long energyHundredthsKwh;

    /**
     * @param meteringPeriod the consumption one reading covers; a reading every 5 s in a demo still adds a quarter
     *                       hour of energy, so the values look like a real meter's
     */
    public MeterProfile(long fleetSeed, String deviceName, EventRates rates, Duration meteringPeriod) {
        this.random = new SplittableRandom(fleetSeed * 0x9E3779B97F4A7C15L ^ deviceName.hashCode());
        this.rates = rates;
        this.periodHours = meteringPeriod.toMillis() / 3_600_000.0;
        boolean business = random.nextInt(20) == 0;
        this.averageKw = business ? 2 + random.nextDouble() * 8 : 0.15 + Math.pow(random.nextDouble(), 2) * 1.1;
        this.firmwareVersion = random.nextInt(10) < 8 ? 10 : 12;
        this.usualSignal = 14 + random.nextInt(18);
        // Meters were installed years ago: start somewhere between 1,000 and 60,000 kWh.
        this.energyHundredthsKwh = 100_000 + random.nextLong(5_900_000);
    }

    /** The reading for the metering period that starts at {@code periodStart} (its time of day shapes the load). */
    public MeterReading next(Instant periodStart) {
        double hour = hourOfDay(periodStart);
        double kwh = averageKw * dailyShape(hour) * (0.7 + 0.6 * random.nextDouble()) * periodHours;
        long increment = Math.max(1, Math.round(kwh * 100));
        energyHundredthsKwh = Math.min(MeterReading.MAX_ENERGY_HUNDREDTHS_KWH, energyHundredthsKwh + increment);

        StatusBits status = HEALTHY;
        if (random.nextDouble() < rates.tamper()) {
            status = status.with(StatusBit.COVER_OPENED);
        }
        int alarm = random.nextDouble() < rates.alarm() ? 1 + random.nextInt(MeterReading.MAX_ALARM_CODE) : 0;
        int signal = random.nextDouble() < rates.weakSignal()
                ? random.nextInt(WEAK_SIGNAL_BELOW)
                : Math.min(MeterReading.MAX_SIGNAL_QUALITY,
                        Math.max(WEAK_SIGNAL_BELOW, usualSignal - 2 + random.nextInt(5)));
        return MeterReading.of(firmwareVersion, signal, status, alarm, energyHundredthsKwh);
    }

    /** Cumulative energy of the last reading (or the starting value before the first). */
    public long energyHundredthsKwh() {
        return energyHundredthsKwh;
    }

    /**
     * Relative load over a day, averaging about 1: a night trough near 0.45, a morning peak around 07:30 and a higher
     * evening peak around 19:30, the shape of residential load curves.
     */
    static double dailyShape(double hour) {
        return 0.45 + 0.8 * bump(hour, 7.5, 1.3) + 1.3 * bump(hour, 19.5, 2.0) + 0.3 * bump(hour, 13.0, 2.5);
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-d * d);
    }

    private static double hourOfDay(Instant instant) {
        ZonedDateTime t = instant.atZone(METER_ZONE);
        return t.getHour() + t.getMinute() / 60.0;
    }
}
