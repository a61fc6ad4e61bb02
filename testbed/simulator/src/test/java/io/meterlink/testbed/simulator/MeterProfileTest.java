package io.meterlink.testbed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.DataFrameResult;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterProfileTest {

    private static final Duration QUARTER = Duration.ofMinutes(15);
    private static final Instant MIDNIGHT =
            ZonedDateTime.of(2026, 3, 2, 0, 0, 0, 0, MeterProfile.METER_ZONE).toInstant();

    @Test
    void energyGrowsWithEveryReadingAndEveryFrameIsValid() {
        MeterProfile profile = new MeterProfile(1, "meter-000001", new EventRates(0.2, 0.2, 0.2), QUARTER);
        long previous = profile.energyHundredthsKwh();
        for (MeterReading r : day(profile)) {
            assertTrue(r.energyHundredthsKwh() > previous, "energy only grows");
            previous = r.energyHundredthsKwh();
            DataFrameResult parsed = DataFrameCodec.parse(DataFrameCodec.format(r));
            assertEquals(new DataFrameResult.Parsed(r), parsed, "the frame carries exactly the reading");
        }
    }

    @Test
    void theSameSeedAndMeterGiveTheSameReadingsAndOtherMetersDiffer() {
        List<MeterReading> a = day(new MeterProfile(42, "meter-000007", EventRates.DEFAULT, QUARTER));
        List<MeterReading> b = day(new MeterProfile(42, "meter-000007", EventRates.DEFAULT, QUARTER));
        List<MeterReading> otherMeter = day(new MeterProfile(42, "meter-000008", EventRates.DEFAULT, QUARTER));
        List<MeterReading> otherSeed = day(new MeterProfile(43, "meter-000007", EventRates.DEFAULT, QUARTER));
        assertEquals(a, b);
        assertNotEquals(a, otherMeter);
        assertNotEquals(a, otherSeed);
    }

    @Test
    void eventsOccurAtTheirConfiguredRates() {
        int readings = 0;
        int alarms = 0;
        int tampers = 0;
        int weak = 0;
        for (int m = 1; m <= 100; m++) {
            MeterProfile profile = new MeterProfile(5, "meter-" + m + "xx", new EventRates(0.1, 0.05, 0.2), QUARTER);
            for (MeterReading r : day(profile)) {
                readings++;
                alarms += r.hasAlarm() ? 1 : 0;
                tampers += r.status().isSet(StatusBit.COVER_OPENED) ? 1 : 0;
                weak += r.signalQuality() < MeterProfile.WEAK_SIGNAL_BELOW ? 1 : 0;
            }
        }
        // 9,600 draws each: the observed share is within a few standard deviations of the rate.
        assertEquals(0.1, alarms / (double) readings, 0.015);
        assertEquals(0.05, tampers / (double) readings, 0.01);
        assertEquals(0.2, weak / (double) readings, 0.02);
    }

    @Test
    void withNoEventRatesEveryReadingIsHealthy() {
        for (MeterReading r : day(new MeterProfile(9, "meter-000003", EventRates.NONE, QUARTER))) {
            assertEquals(0, r.alarmCode());
            assertEquals(MeterProfile.HEALTHY, r.status());
            assertTrue(r.signalQuality() >= MeterProfile.WEAK_SIGNAL_BELOW && r.signalQuality() <= 31);
        }
    }

    @Test
    void theFleetUsesMoreEnergyOnAnEveningThanAtNight() {
        long night = 0;
        long evening = 0;
        for (int m = 1; m <= 50; m++) {
            MeterProfile profile = new MeterProfile(11, "meter-" + m + "ev", EventRates.NONE, QUARTER);
            List<MeterReading> day = day(profile);
            night += day.get(4 * 4).energyHundredthsKwh() - day.get(3 * 4).energyHundredthsKwh();
            evening += day.get(20 * 4).energyHundredthsKwh() - day.get(19 * 4).energyHundredthsKwh();
        }
        assertTrue(evening > 2 * night, "evening " + evening + " vs night " + night);
    }

    @Test
    void aReadingAddsTheConsumptionOfItsMeteringPeriodNotOfTheSendInterval() {
        MeterProfile quarter = new MeterProfile(3, "meter-000001", EventRates.NONE, QUARTER);
        MeterProfile hour = new MeterProfile(3, "meter-000001", EventRates.NONE, Duration.ofHours(1));
        long start = quarter.energyHundredthsKwh();
        long quarterGrowth = quarter.next(MIDNIGHT).energyHundredthsKwh() - start;
        long hourGrowth = hour.next(MIDNIGHT).energyHundredthsKwh() - start;
        assertTrue(hourGrowth >= 3 * quarterGrowth, hourGrowth + " vs " + quarterGrowth);
    }

    /** 96 quarter-hour readings from local midnight. */
    private static List<MeterReading> day(MeterProfile profile) {
        List<MeterReading> readings = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            readings.add(profile.next(MIDNIGHT.plus(QUARTER.multipliedBy(i))));
        }
        return readings;
    }
}
