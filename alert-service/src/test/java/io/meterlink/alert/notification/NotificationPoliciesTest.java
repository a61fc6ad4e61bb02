package io.meterlink.alert.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Storm gate, quiet period, SMS texts and on-call routing: the notification decisions without a running service. */
class NotificationPoliciesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void stormGateGivesIndividualSlotsUpToTheThreshold() {
        StormGate gate = new StormGate(20, Duration.ofMinutes(5));
        assertEquals(20, gate.individualSlots(0));
        assertEquals(3, gate.individualSlots(17));
        assertEquals(0, gate.individualSlots(20));
        assertEquals(0, gate.individualSlots(1_000));
        assertFalse(gate.isStorm(20));
        assertTrue(gate.isStorm(21));
    }

    @Test
    void quietPeriodHoldsRepeatsAndFlaps() {
        QuietPeriod quiet = new QuietPeriod(Duration.ofHours(4));
        assertFalse(quiet.renotifyDue(T0, T0.plus(Duration.ofHours(4)).minusSeconds(1)));
        assertTrue(quiet.renotifyDue(T0, T0.plus(Duration.ofHours(4))));
        assertFalse(quiet.renotifyDue(null, T0), "never notified: nothing to repeat");
        assertTrue(quiet.silencesReopen(T0, T0.plusSeconds(60)));
        assertFalse(quiet.silencesReopen(T0, T0.plus(Duration.ofHours(5))));
        assertFalse(quiet.silencesReopen(null, T0));
    }

    @Test
    void summaryCountsByRuleAndProductLargestFirst() throws Exception {
        List<SummaryComposer.Item> items = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            items.add(new SummaryComposer.Item("missing_report", i < 400 ? "pkA" : "pkB"));
        }
        for (int i = 0; i < 400; i++) {
            items.add(new SummaryComposer.Item("alarm_code", "pkA"));
        }
        TemplateParams params = new SummaryComposer(100).compose(items, Duration.ofMinutes(5));
        @SuppressWarnings("unchecked")
        Map<String, String> json = new ObjectMapper().readValue(params.toJson(), Map.class);
        assertEquals(Map.of("count", "1000", "window", "5m", "rules", "missing_report=600 alarm_code=400",
                "products", "pkA=800 pkB=200"), json);
    }

    @Test
    void summaryDropsWholeEntriesThatDoNotFitAndSaysHowMany() {
        SummaryComposer composer = new SummaryComposer(35);
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        counts.put("missing_report", 900L);
        counts.put("status:cover_opened", 80L);
        counts.put("alarm_code", 20L);
        String text = composer.fit(counts);
        assertEquals("missing_report=900 +2 more", text);
        assertTrue(text.length() <= 35);
        Map<String, Long> small = new java.util.LinkedHashMap<>();
        small.put("a", 2L);
        small.put("b", 1L);
        assertEquals("a=2 b=1", composer.fit(small), "everything fits: nothing dropped");
    }

    @Test
    void templateParamsCutOverLongValues() {
        TemplateParams p = new TemplateParams(10).put("detail", "Terminal cover was opened").put("meter", "m-1");
        assertEquals(Map.of("detail", "Terminal ~", "meter", "m-1"), p.values());
        assertEquals("{\"detail\":\"Terminal ~\",\"meter\":\"m-1\"}", p.toJson());
    }

    @Test
    void alertMessageShowsLocalTime() {
        Map<String, String> v = new AlertMessage(35, ZoneId.of("Asia/Shanghai"))
                .params("pk", "meter-000001", "alarm_code", "alarm am024", T0).values();
        assertEquals("2026-01-01 08:00", v.get("time"));
        assertEquals("meter-000001", v.get("meter"));
        assertEquals("alarm_code", v.get("rule"));
    }

    @Test
    void routingPrefersDatabaseThenConfigThenDefault() {
        OnCallRouting routing = new OnCallRouting(Map.of("pkDb", List.of("+861")),
                Map.of("pkDb", List.of("+862"), "pkCfg", List.of("+863", "+864")), List.of("+860"));
        assertEquals(List.of("+861"), routing.recipientsFor("pkDb"));
        assertEquals("database", routing.sourceFor("pkDb"));
        assertEquals(List.of("+863", "+864"), routing.recipientsFor("pkCfg"));
        assertEquals("config", routing.sourceFor("pkCfg"));
        assertEquals(List.of("+860"), routing.recipientsFor("pkOther"));
        assertEquals("default", routing.sourceFor("pkOther"));
    }

    @Test
    void humanDurations() {
        assertEquals("5m", SummaryComposer.human(Duration.ofMinutes(5)));
        assertEquals("2h", SummaryComposer.human(Duration.ofHours(2)));
        assertEquals("90s", SummaryComposer.human(Duration.ofSeconds(90)));
    }
}
