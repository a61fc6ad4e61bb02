package io.meterlink.alert.rule;

import io.meterlink.domain.frame.StatusBit;

/**
 * The stable identifiers of alert rules. They are stored with every alert, used as metric tags and as API filters, so
 * they never change once released.
 */
public final class RuleIds {

    /** The meter reported an alarm code other than {@code am000}. */
    public static final String ALARM_CODE = "alarm_code";
    /** The cumulative energy register went down between two readings. */
    public static final String ENERGY_BACKWARDS = "energy_backwards";
    /** Signal quality stayed under the threshold for several consecutive reports. */
    public static final String WEAK_SIGNAL = "weak_signal";
    /** The meter has not reported for more than the allowed number of reporting intervals. */
    public static final String MISSING_REPORT = "missing_report";

    private static final String STATUS_PREFIX = "status:";

    private RuleIds() {
    }

    /** One rule per watched status bit, e.g. {@code status:cover_opened}. */
    public static String statusBit(StatusBit bit) {
        return STATUS_PREFIX + bit.key();
    }

    /** Whether {@code rule} names a known rule, so API filters can refuse typos instead of returning nothing. */
    public static boolean isKnown(String rule) {
        if (ALARM_CODE.equals(rule) || ENERGY_BACKWARDS.equals(rule) || WEAK_SIGNAL.equals(rule)
                || MISSING_REPORT.equals(rule)) {
            return true;
        }
        if (rule != null && rule.startsWith(STATUS_PREFIX)) {
            try {
                StatusBit.byKey(rule.substring(STATUS_PREFIX.length()));
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }
}
