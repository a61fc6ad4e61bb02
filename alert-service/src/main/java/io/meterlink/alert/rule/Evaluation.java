package io.meterlink.alert.rule;

import java.util.List;

/**
 * The outcome of applying one reading: a verdict per rule that could decide, and the meter state to remember.
 */
public record Evaluation(List<Verdict> verdicts, MeterState next) {

    public Evaluation {
        verdicts = List.copyOf(verdicts);
    }

    /** The verdict of {@code rule}, or null when that rule gave none. */
    public Verdict verdictOf(String rule) {
        for (Verdict v : verdicts) {
            if (v.rule().equals(rule)) {
                return v;
            }
        }
        return null;
    }
}
