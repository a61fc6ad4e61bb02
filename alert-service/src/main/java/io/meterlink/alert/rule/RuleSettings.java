package io.meterlink.alert.rule;

import io.meterlink.domain.frame.StatusBit;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rule thresholds as plain values, so rules can be evaluated and tested without a running service. Built from the
 * typed configuration at start-up.
 *
 * @param alarmCode                  raise an alert for every alarm code other than {@code am000}
 * @param statusBits                 status bits that raise an alert while set
 * @param energyBackwards            raise an alert when the energy register goes down
 * @param energyToleranceHundredths  a drop of at most this many 0.01 kWh is not treated as going backwards
 * @param weakSignal                 raise an alert on a weak signal over several reports
 * @param weakSignalThreshold        a CSQ strictly below this value is weak
 * @param weakSignalReports          that many consecutive weak reports raise the alert
 * @param unknownSignalIsWeak        whether CSQ 99 (modem cannot measure) counts as weak; when false it neither
 *                                   extends nor breaks a run of weak reports
 * @param missingReport              raise an alert when a meter stays silent
 * @param reportingInterval          how often a meter reports, unless its product has its own interval
 * @param reportingIntervalByProduct reporting interval per product key
 * @param missedIntervals            silent for more than this many intervals means missing
 */
public record RuleSettings(boolean alarmCode, Set<StatusBit> statusBits, boolean energyBackwards,
        long energyToleranceHundredths, boolean weakSignal, int weakSignalThreshold, int weakSignalReports,
        boolean unknownSignalIsWeak, boolean missingReport, Duration reportingInterval,
        Map<String, Duration> reportingIntervalByProduct, int missedIntervals) {

    public RuleSettings {
        statusBits = statusBits.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statusBits));
        reportingIntervalByProduct = Map.copyOf(reportingIntervalByProduct);
        Objects.requireNonNull(reportingInterval, "reportingInterval");
        if (energyToleranceHundredths < 0) {
            throw new IllegalArgumentException(
                    "meterlink.alert.rules.energy-backwards.tolerance-hundredths-kwh must not be negative");
        }
        if (weakSignalReports < 1) {
            throw new IllegalArgumentException("meterlink.alert.rules.weak-signal.reports must be at least 1");
        }
        if (missedIntervals < 1) {
            throw new IllegalArgumentException(
                    "meterlink.alert.rules.missing-report.missed-intervals must be at least 1");
        }
        if (reportingInterval.isNegative() || reportingInterval.isZero()) {
            throw new IllegalArgumentException(
                    "meterlink.alert.rules.missing-report.reporting-interval must be positive");
        }
        reportingIntervalByProduct.forEach((product, interval) -> {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException(
                        "meterlink.alert.rules.missing-report.product-intervals." + product + " must be positive");
            }
        });
    }

    /** How long a meter of {@code productKey} may stay silent before it counts as missing. */
    public Duration silenceAllowed(String productKey) {
        return reportingIntervalByProduct.getOrDefault(productKey, reportingInterval).multipliedBy(missedIntervals);
    }
}
