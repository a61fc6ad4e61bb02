package io.meterlink.alert.config;

import io.meterlink.alert.rule.RuleSettings;
import io.meterlink.domain.frame.StatusBit;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which conditions of a meter open an alert, and their thresholds. Changing them needs a restart, not code. */
@ConfigMapping(prefix = "meterlink.alert.rules")
public interface RulesConfig {

    AlarmCode alarmCode();

    StatusBits statusBits();

    EnergyBackwards energyBackwards();

    WeakSignal weakSignal();

    MissingReport missingReport();

    /** An alarm code other than {@code am000} in a reading. */
    interface AlarmCode {
        /** Whether an alarm code other than am000 opens an alert. */
        @WithDefault("true")
        boolean enabled();
    }

    /** Status bits that open an alert while the meter reports them set. */
    interface StatusBits {
        /** Whether watched status bits open alerts at all. */
        @WithDefault("true")
        boolean enabled();

        /** Keys of the watched bits, as in meter-domain's StatusBit table (e.g. cover_opened, overload). */
        @WithDefault("cover_opened,magnetic_interference,reverse_current,overload")
        List<String> watched();
    }

    /** The cumulative energy register going down between two readings of a meter. */
    interface EnergyBackwards {
        /** Whether a decreasing energy register opens an alert. */
        @WithDefault("true")
        boolean enabled();

        /** A decrease of at most this many 0.01 kWh is ignored (rounding in meters that re-read their register). */
        @WithDefault("0")
        long toleranceHundredthsKwh();
    }

    /** GSM signal quality (CSQ) staying low, which precedes a meter dropping off the network. */
    interface WeakSignal {
        /** Whether a weak signal opens an alert. */
        @WithDefault("true")
        boolean enabled();

        /** A CSQ strictly below this is weak (0-31 scale; under 10 is marginal for GSM). */
        @WithDefault("10")
        int threshold();

        /** Consecutive weak reports needed to open the alert. */
        @WithDefault("3")
        int reports();

        /** Whether CSQ 99 (modem cannot measure) counts as weak; when false it neither extends nor breaks a run. */
        @WithDefault("false")
        boolean unknownIsWeak();
    }

    /** Meters that stop reporting, found by a periodic scan over the last-seen time kept per meter. */
    interface MissingReport {
        /** Whether silent meters open alerts. */
        @WithDefault("true")
        boolean enabled();

        /** How often a meter reports unless its product has its own interval. */
        @WithDefault("15m")
        Duration reportingInterval();

        /** Reporting interval per product key, for products that report more or less often. */
        Map<String, Duration> productIntervals();

        /** A meter silent for more than this many reporting intervals is missing. */
        @WithDefault("3")
        int missedIntervals();

        /** How often the scan for silent meters runs (every replica runs it; rows are claimed with SKIP LOCKED). */
        @WithDefault("30s")
        String scanEvery();

        /** Meters handled per scan transaction. */
        @WithDefault("500")
        int scanBatch();
    }

    /** The plain settings the rule classes work with; fails on an unknown status bit key instead of ignoring it. */
    default RuleSettings toSettings() {
        Set<StatusBit> bits = EnumSet.noneOf(StatusBit.class);
        if (statusBits().enabled()) {
            for (String key : statusBits().watched()) {
                try {
                    bits.add(StatusBit.byKey(key.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("meterlink.alert.rules.status-bits.watched: " + e.getMessage(),
                            e);
                }
            }
        }
        return new RuleSettings(alarmCode().enabled(), bits, energyBackwards().enabled(),
                energyBackwards().toleranceHundredthsKwh(), weakSignal().enabled(), weakSignal().threshold(),
                weakSignal().reports(), weakSignal().unknownIsWeak(), missingReport().enabled(),
                missingReport().reportingInterval(), missingReport().productIntervals(),
                missingReport().missedIntervals());
    }
}
