package io.meterlink.alert.rule;

import java.util.Objects;

/**
 * What one rule concluded about one reading. A rule that cannot decide (no previous reading to compare with, an
 * unknown signal quality) gives no verdict at all, so an open alert stays as it is.
 *
 * @param rule   rule id, see {@link RuleIds}
 * @param firing true when the condition holds, false when it has cleared
 * @param detail short human text for an alert, e.g. {@code alarm am024}; empty when clearing
 */
public record Verdict(String rule, boolean firing, String detail) {

    public Verdict {
        Objects.requireNonNull(rule, "rule");
        detail = detail == null ? "" : detail;
    }

    public static Verdict firing(String rule, String detail) {
        return new Verdict(rule, true, detail);
    }

    public static Verdict clear(String rule) {
        return new Verdict(rule, false, "");
    }
}
