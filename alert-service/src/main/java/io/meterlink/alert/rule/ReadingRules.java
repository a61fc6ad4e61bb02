package io.meterlink.alert.rule;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.domain.frame.StatusBits;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies every reading-driven rule to one reading. Pure: the caller supplies what is remembered about the meter and
 * stores the returned state, which keeps this class free of persistence and easy to test.
 *
 * <p>Rules that are switched off, and status bits that are not watched, answer "clear", so an alert left open by an
 * earlier configuration resolves at the meter's next reading instead of staying open forever.
 */
public final class ReadingRules {

    private final RuleSettings settings;

    public ReadingRules(RuleSettings settings) {
        this.settings = settings;
    }

    public RuleSettings settings() {
        return settings;
    }

    /**
     * @param previous    what was remembered about the meter, {@link MeterState#UNKNOWN} for a new one
     * @param readingTime when the reading was taken; stored as the meter's last-seen time
     */
    public Evaluation evaluate(MeterState previous, ReadingEvent.Reading reading, Instant readingTime) {
        List<Verdict> verdicts = new ArrayList<>(StatusBit.COUNT + 4);
        verdicts.add(alarmCode(reading));
        statusBits(reading, verdicts);

        Verdict energy = energyBackwards(previous, reading);
        if (energy != null) {
            verdicts.add(energy);
        }

        int streak = previous.weakSignalStreak();
        int signal = reading.signalQuality();
        boolean unknown = signal == MeterReading.SIGNAL_QUALITY_UNKNOWN;
        if (!settings.weakSignal()) {
            streak = 0;
            verdicts.add(Verdict.clear(RuleIds.WEAK_SIGNAL));
        } else if (!unknown || settings.unknownSignalIsWeak()) {
            boolean weak = unknown || signal < settings.weakSignalThreshold();
            streak = weak ? streak + 1 : 0;
            if (!weak) {
                verdicts.add(Verdict.clear(RuleIds.WEAK_SIGNAL));
            } else if (streak >= settings.weakSignalReports()) {
                verdicts.add(Verdict.firing(RuleIds.WEAK_SIGNAL,
                        "CSQ " + (unknown ? "unknown" : signal) + " for " + streak + " reports"));
            }
        }
        // Any reading at all proves the meter is not silent.
        verdicts.add(Verdict.clear(RuleIds.MISSING_REPORT));
        return new Evaluation(verdicts, new MeterState(readingTime, reading.energyHundredthsKwh(), streak));
    }

    private Verdict alarmCode(ReadingEvent.Reading reading) {
        if (settings.alarmCode() && reading.alarm()) {
            return Verdict.firing(RuleIds.ALARM_CODE, "alarm " + reading.alarmCode());
        }
        return Verdict.clear(RuleIds.ALARM_CODE);
    }

    private void statusBits(ReadingEvent.Reading reading, List<Verdict> verdicts) {
        StatusBits bits = StatusBits.parse(reading.status());
        for (StatusBit bit : StatusBit.values()) {
            String rule = RuleIds.statusBit(bit);
            if (settings.statusBits().contains(bit) && bits.isSet(bit)) {
                verdicts.add(Verdict.firing(rule, bit.description()));
            } else {
                verdicts.add(Verdict.clear(rule));
            }
        }
    }

    private Verdict energyBackwards(MeterState previous, ReadingEvent.Reading reading) {
        if (!settings.energyBackwards()) {
            return Verdict.clear(RuleIds.ENERGY_BACKWARDS);
        }
        if (previous.lastEnergy() == null) {
            return null;
        }
        long before = previous.lastEnergy();
        long now = reading.energyHundredthsKwh();
        if (now + settings.energyToleranceHundredths() < before) {
            return Verdict.firing(RuleIds.ENERGY_BACKWARDS, "energy " + kwh(now) + " kWh after " + kwh(before) + " kWh");
        }
        return Verdict.clear(RuleIds.ENERGY_BACKWARDS);
    }

    private static String kwh(long hundredths) {
        return BigDecimal.valueOf(hundredths, 2).toPlainString();
    }
}
