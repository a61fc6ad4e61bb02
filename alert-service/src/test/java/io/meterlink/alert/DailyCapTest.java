package io.meterlink.alert;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An on-call number that has had its daily quota of alert SMS must not make the next alarm vanish: the SMS that
 * would exceed the cap goes to the next on-call recipient instead of ending FAILED with nobody told.
 */
@QuarkusTest
class DailyCapTest extends AlertServiceTestBase {

    private static final String PRODUCT = "pk-capped";
    private static final String ENGINEER = "+8613755550001";
    private static final String DEFAULT_ON_CALL = "+8613800000000";

    @ConfigProperty(name = "meterlink.alert.sms.caps.per-day")
    int perDay;

    @ConfigProperty(name = "meterlink.alert.sms.alert-template")
    String alertTemplate;

    @Test
    void smsOverTheDailyCapIsNotDroppedButEscalated() {
        awaitCalm();
        given().auth().oauth2(TestTokens.admin("adam")).contentType(ContentType.JSON)
                .body("{\"phoneNumbers\":[\"" + ENGINEER + "\"]}")
                .put("/api/v1/oncall/" + PRODUCT).then().statusCode(200);
        db.sentAllDay(ENGINEER, alertTemplate, perDay);

        String meter = newMeter("capped");
        readings().send(PRODUCT, meter, alarm(51, 1));
        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);
        // The escalated SMS is queued when the capped one is given up: wait for both to settle.
        await().atMost(WAIT).until(() -> {
            List<SmsMessage> sms = db.smsOfAlert(alert.id);
            return sms.size() >= 2 && sms.stream().noneMatch(s -> s.status == SmsStatus.QUEUED);
        });
        Map<String, SmsMessage> byNumber = db.smsOfAlert(alert.id).stream()
                .collect(Collectors.toMap(s -> s.phoneNumber, s -> s));
        assertEquals(SmsStatus.FAILED, byNumber.get(ENGINEER).status, "the capped number is not texted");
        assertEquals("local.DAILY_CAP", byNumber.get(ENGINEER).lastErrorCode);
        assertEquals(SmsStatus.SENT, byNumber.get(DEFAULT_ON_CALL).status, "the next on-call number is");
        assertEquals(1, acceptedSmsAbout(meter).size());

        given().auth().oauth2(TestTokens.admin("adam")).delete("/api/v1/oncall/" + PRODUCT).then().statusCode(204);
    }
}
