package io.meterlink.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterlink.alert.repository.NotificationState;
import io.meterlink.alert.repository.SmsKind;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.testbed.cloudapi.SentSms;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static io.meterlink.testbed.quarkus.ReadingEvents.event;
import static io.meterlink.testbed.quarkus.ReadingEvents.withBit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A feeder outage: a thousand meters alarm at once; engineers get a summary, the database gets every alert. */
@QuarkusTest
class StormTest extends AlertServiceTestBase {

    private static final String FEEDER_A = "pk-storm-a";
    private static final String FEEDER_B = "pk-storm-b";

    @Test
    void aThousandAlarmsInOneWindowGiveOneSummarySmsAndAThousandAlerts() throws Exception {
        awaitCalm();
        Instant start = Instant.now();
        List<ReadingEvent> storm = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            storm.add(event(FEEDER_A, newMeter("storm"), alarm(24, 1_000 + i)));
        }
        for (int i = 0; i < 400; i++) {
            storm.add(event(FEEDER_B, newMeter("storm"), withBit(StatusBit.COVER_OPENED, 1_000 + i)));
        }
        readings().sendAll(storm);

        await().atMost(WAIT).until(() -> db.alertCount(FEEDER_A) + db.alertCount(FEEDER_B) == 1_000);
        await().atMost(WAIT).until(() -> db.alertCount(FEEDER_A, NotificationState.SUMMARY_PENDING)
                + db.alertCount(FEEDER_B, NotificationState.SUMMARY_PENDING) == 0
                && db.summariesSince(start).stream().allMatch(s -> s.status == SmsStatus.SENT)
                && !db.summariesSince(start).isEmpty());

        List<SmsMessage> summaries = db.summariesSince(start);
        assertEquals(1, summaries.size(), "one summary for the one on-call number");
        SmsMessage summary = summaries.get(0);
        assertEquals(SmsKind.SUMMARY, summary.kind);
        List<SentSms> accepted = acceptedSmsWithOutId(summary.outId());
        assertEquals(1, accepted.size());
        assertEquals("SMS_400000002", accepted.get(0).templateCode());

        long summarizedA = db.alertCount(FEEDER_A, NotificationState.SUMMARIZED);
        long summarizedB = db.alertCount(FEEDER_B, NotificationState.SUMMARIZED);
        long individual = db.alertCount(FEEDER_A, NotificationState.INDIVIDUAL)
                + db.alertCount(FEEDER_B, NotificationState.INDIVIDUAL);
        assertEquals(1_000, summarizedA + summarizedB + individual, "every alert is either texted or summarized");
        assertTrue(individual <= stormThreshold, individual + " alerts texted one by one before the storm showed");
        assertTrue(summarizedA > 0 && summarizedB > 0);
        assertEquals(individual, db.smsOfAlerts(FEEDER_A).size() + db.smsOfAlerts(FEEDER_B).size(),
                "no per-meter SMS for summarized alerts");

        @SuppressWarnings("unchecked")
        Map<String, String> params = new ObjectMapper().readValue(accepted.get(0).templateParam(), Map.class);
        assertEquals(Long.toString(summarizedA + summarizedB), params.get("count"));
        assertEquals(FEEDER_A + "=" + summarizedA + " " + FEEDER_B + "=" + summarizedB, params.get("products"));
        assertTrue(params.get("rules").startsWith("alarm_code=" + summarizedA), params.get("rules"));
        assertEquals("5s", params.get("window"));
    }
}
