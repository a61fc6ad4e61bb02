package io.meterlink.alert.rule;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.domain.frame.StatusBits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every reading-driven rule: when it fires, when it clears, when it cannot tell. */
class ReadingRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RuleSettings settings(boolean unknownIsWeak) {
        return new RuleSettings(true, EnumSet.of(StatusBit.COVER_OPENED, StatusBit.OVERLOAD), true, 5, true, 10, 3,
                unknownIsWeak, true, Duration.ofMinutes(15), Map.of("pk-fast", Duration.ofMinutes(1)), 3);
    }

    private final ReadingRules rules = new ReadingRules(settings(false));

    private static ReadingEvent.Reading reading(int csq, StatusBits status, int alarm, long energy) {
        return ReadingEvent.Reading.of(MeterReading.of(10, csq, status, alarm, energy));
    }

    private static ReadingEvent.Reading normal(long energy) {
        return reading(20, StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON), 0, energy);
    }

    @Test
    void aNormalReadingClearsEveryRuleItCanJudge() {
        Evaluation e = rules.evaluate(new MeterState(T0, 100L, 0), normal(150), T0.plusSeconds(900));
        assertTrue(e.verdicts().stream().noneMatch(Verdict::firing), e.verdicts().toString());
        assertNotNull(e.verdictOf(RuleIds.ALARM_CODE));
        assertNotNull(e.verdictOf(RuleIds.ENERGY_BACKWARDS));
        assertNotNull(e.verdictOf(RuleIds.WEAK_SIGNAL));
        assertNotNull(e.verdictOf(RuleIds.MISSING_REPORT));
        assertEquals(new MeterState(T0.plusSeconds(900), 150L, 0), e.next());
    }

    @Test
    void anAlarmCodeOtherThanAm000Fires() {
        Verdict v = rules.evaluate(MeterState.UNKNOWN, reading(20, StatusBits.NONE, 24, 1), T0)
                .verdictOf(RuleIds.ALARM_CODE);
        assertTrue(v.firing());
        assertEquals("alarm am024", v.detail());
    }

    @Test
    void onlyWatchedStatusBitsFireAndUnwatchedOnesClear() {
        Evaluation e = rules.evaluate(MeterState.UNKNOWN,
                reading(20, StatusBits.of(StatusBit.COVER_OPENED, StatusBit.MAGNETIC_INTERFERENCE), 0, 1), T0);
        Verdict cover = e.verdictOf("status:cover_opened");
        assertTrue(cover.firing());
        assertEquals(StatusBit.COVER_OPENED.description(), cover.detail());
        assertFalse(e.verdictOf("status:magnetic_interference").firing(), "not watched in these settings");
        assertFalse(e.verdictOf("status:overload").firing());
    }

    @Test
    void energyGoingBackwardsBeyondTheToleranceFiresAndTheNextIncreaseClears() {
        MeterState before = new MeterState(T0, 10_000L, 0);
        assertFalse(rules.evaluate(before, normal(9_995), T0).verdictOf(RuleIds.ENERGY_BACKWARDS).firing(),
                "a drop within the tolerance of 5 is not backwards");
        Evaluation down = rules.evaluate(before, normal(9_994), T0);
        Verdict v = down.verdictOf(RuleIds.ENERGY_BACKWARDS);
        assertTrue(v.firing());
        assertEquals("energy 99.94 kWh after 100.00 kWh", v.detail());
        assertFalse(rules.evaluate(down.next(), normal(9_999), T0).verdictOf(RuleIds.ENERGY_BACKWARDS).firing(),
                "compared with the previous reading, not the highest one");
    }

    @Test
    void energyNeedsAPreviousReadingToJudge() {
        assertNull(rules.evaluate(MeterState.UNKNOWN, normal(1), T0).verdictOf(RuleIds.ENERGY_BACKWARDS));
    }

    @Test
    void weakSignalFiresOnlyAfterKConsecutiveReports() {
        MeterState s = MeterState.UNKNOWN;
        for (int i = 1; i <= 2; i++) {
            Evaluation e = rules.evaluate(s, reading(9, StatusBits.NONE, 0, 1), T0);
            assertNull(e.verdictOf(RuleIds.WEAK_SIGNAL), "report " + i + " is not enough");
            assertEquals(i, e.next().weakSignalStreak());
            s = e.next();
        }
        Evaluation third = rules.evaluate(s, reading(9, StatusBits.NONE, 0, 1), T0);
        assertTrue(third.verdictOf(RuleIds.WEAK_SIGNAL).firing());
        assertEquals("CSQ 9 for 3 reports", third.verdictOf(RuleIds.WEAK_SIGNAL).detail());

        Evaluation good = rules.evaluate(third.next(), reading(10, StatusBits.NONE, 0, 1), T0);
        assertFalse(good.verdictOf(RuleIds.WEAK_SIGNAL).firing(), "CSQ 10 is not under the threshold");
        assertEquals(0, good.next().weakSignalStreak());
    }

    @Test
    void unknownSignalNeitherExtendsNorBreaksARunByDefault() {
        MeterState twoWeak = new MeterState(T0, 1L, 2);
        Evaluation unknown = rules.evaluate(twoWeak,
                reading(MeterReading.SIGNAL_QUALITY_UNKNOWN, StatusBits.NONE, 0, 1), T0);
        assertNull(unknown.verdictOf(RuleIds.WEAK_SIGNAL));
        assertEquals(2, unknown.next().weakSignalStreak());
        assertTrue(rules.evaluate(unknown.next(), reading(3, StatusBits.NONE, 0, 1), T0)
                .verdictOf(RuleIds.WEAK_SIGNAL).firing(), "the run continues across the unknown report");
    }

    @Test
    void unknownSignalCountsAsWeakWhenConfigured() {
        ReadingRules strict = new ReadingRules(settings(true));
        Evaluation e = strict.evaluate(new MeterState(T0, 1L, 2),
                reading(MeterReading.SIGNAL_QUALITY_UNKNOWN, StatusBits.NONE, 0, 1), T0);
        assertTrue(e.verdictOf(RuleIds.WEAK_SIGNAL).firing());
        assertEquals("CSQ unknown for 3 reports", e.verdictOf(RuleIds.WEAK_SIGNAL).detail());
    }

    @Test
    void switchedOffRulesClearSoOldAlertsResolve() {
        RuleSettings off = new RuleSettings(false, Set.of(), false, 0, false, 10, 3, false, true,
                Duration.ofMinutes(15), Map.of(), 3);
        Evaluation e = new ReadingRules(off).evaluate(new MeterState(T0, 500L, 7),
                reading(1, StatusBits.of(StatusBit.COVER_OPENED, StatusBit.OVERLOAD), 24, 1), T0);
        assertTrue(e.verdicts().stream().noneMatch(Verdict::firing), e.verdicts().toString());
        assertFalse(e.verdictOf(RuleIds.ENERGY_BACKWARDS).firing());
        assertFalse(e.verdictOf("status:cover_opened").firing());
        assertEquals(0, e.next().weakSignalStreak());
    }

    @Test
    void silenceAllowanceIsIntervalsTimesTheProductsInterval() {
        assertEquals(Duration.ofMinutes(45), settings(false).silenceAllowed("pk-other"));
        assertEquals(Duration.ofMinutes(3), settings(false).silenceAllowed("pk-fast"));
    }

    @Test
    void aReadingOlderThanTheLastAppliedIsSuperseded() {
        MeterState s = new MeterState(T0, 1L, 0);
        assertTrue(s.supersedes(T0.minusSeconds(1)));
        assertFalse(s.supersedes(T0));
        assertFalse(MeterState.UNKNOWN.supersedes(T0));
    }

    @Test
    void nonsensicalSettingsAreRefusedWithThePropertyName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RuleSettings(true,
                Set.of(), true, 0, true, 10, 0, false, true, Duration.ofMinutes(15), Map.of(), 3));
        assertTrue(e.getMessage().contains("meterlink.alert.rules.weak-signal.reports"), e.getMessage());
    }

    @Test
    void ruleIdsKnowTheirNames() {
        assertTrue(RuleIds.isKnown("status:cover_opened"));
        assertTrue(RuleIds.isKnown(RuleIds.MISSING_REPORT));
        assertFalse(RuleIds.isKnown("status:cover_open"));
        assertFalse(RuleIds.isKnown("alarm"));
    }
}
