package io.meterlink.alert;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox against Alibaba's failure modes, injected into the SMS stand-in. */
@QuarkusTest
class SmsDeliveryTest extends AlertServiceTestBase {

    private static final String PRODUCT = "pk-sms";

    @Test
    void aThrottledSmsIsRetriedAndSent() {
        awaitCalm();
        cloudApi().failNext("SendSms", "isv.BUSINESS_LIMIT_CONTROL", 2);
        String meter = newMeter("throttled");
        readings().send(PRODUCT, meter, alarm(7, 1));

        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);
        List<SmsMessage> sms = awaitSmsSettled(alert.id);
        assertEquals(1, sms.size());
        SmsMessage s = sms.get(0);
        assertEquals(SmsStatus.SENT, s.status);
        assertEquals(3, s.attempts, "two throttled attempts, then accepted");
        assertEquals("isv.BUSINESS_LIMIT_CONTROL", s.lastErrorCode);
        assertEquals(1, acceptedSmsAbout(meter).size());

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("meterlink_sms_failed_total{code=\"isv.BUSINESS_LIMIT_CONTROL\",final=\"false\"}"));
    }

    @Test
    void gatewayThrottlingIsRetriedToo() {
        awaitCalm();
        cloudApi().failNext("SendSms", "Throttling.User", 1);
        String meter = newMeter("throttled-user");
        readings().send(PRODUCT, meter, alarm(8, 1));

        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);
        SmsMessage s = awaitSmsSettled(alert.id).get(0);
        assertEquals(SmsStatus.SENT, s.status);
        assertEquals(2, s.attempts);
        assertEquals(1, acceptedSmsAbout(meter).size());
    }

    @Test
    void aPermanentErrorIsNotRetried() {
        awaitCalm();
        cloudApi().failNext("SendSms", "isv.MOBILE_NUMBER_ILLEGAL", 1);
        String refused = newMeter("refused");
        readings().send(PRODUCT, refused, alarm(9, 1));
        Alert refusedAlert = awaitAlert(PRODUCT, refused, "alarm_code", AlertStatus.OPEN);
        SmsMessage failed = awaitSmsSettled(refusedAlert.id).get(0);
        assertEquals(SmsStatus.FAILED, failed.status);
        assertEquals("isv.MOBILE_NUMBER_ILLEGAL", failed.lastErrorCode);
        assertEquals(1, failed.attempts);

        // The stand-in accepts again: the next SMS goes through, while the refused one stays failed.
        String next = newMeter("accepted");
        readings().send(PRODUCT, next, alarm(9, 1));
        Alert nextAlert = awaitAlert(PRODUCT, next, "alarm_code", AlertStatus.OPEN);
        assertEquals(SmsStatus.SENT, awaitSmsSettled(nextAlert.id).get(0).status);

        SmsMessage still = db.smsOfAlert(refusedAlert.id).get(0);
        assertEquals(SmsStatus.FAILED, still.status);
        assertEquals(1, still.attempts, "never tried again");
        assertTrue(acceptedSmsAbout(refused).isEmpty());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("meterlink_sms_failed_total{code=\"isv.MOBILE_NUMBER_ILLEGAL\",final=\"true\"}"));
    }
}
