package io.meterlink.alert;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.repository.NotificationState;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.testbed.cloudapi.SentSms;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static io.meterlink.testbed.quarkus.ReadingEvents.normal;
import static io.meterlink.testbed.quarkus.ReadingEvents.signal;
import static io.meterlink.testbed.quarkus.ReadingEvents.withBit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each reading-driven rule, end to end: readings on Kafka to one alert in PostgreSQL and one SMS at the stand-in. */
@QuarkusTest
class RulesTest extends AlertServiceTestBase {

    private static final String PRODUCT = "pk-rules";

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("alarm_code", List.of(normal(1_000), alarm(24, 1_001)), "alarm am024"),
                Arguments.of("status:cover_opened", List.of(normal(1_000), withBit(StatusBit.COVER_OPENED, 1_001)),
                        StatusBit.COVER_OPENED.description()),
                Arguments.of("status:magnetic_interference",
                        List.of(withBit(StatusBit.MAGNETIC_INTERFERENCE, 1_000)),
                        StatusBit.MAGNETIC_INTERFERENCE.description()),
                Arguments.of("status:reverse_current", List.of(withBit(StatusBit.REVERSE_CURRENT, 1_000)),
                        StatusBit.REVERSE_CURRENT.description()),
                Arguments.of("status:overload", List.of(withBit(StatusBit.OVERLOAD, 1_000)),
                        StatusBit.OVERLOAD.description()),
                Arguments.of("energy_backwards", List.of(normal(50_000), normal(49_000)),
                        "energy 490.00 kWh after 500.00 kWh"),
                // CSQ 99 (unknown) in the middle neither breaks nor extends the run of three weak reports.
                Arguments.of("weak_signal", List.of(signal(5, 1), signal(4, 2),
                        signal(MeterReading.SIGNAL_QUALITY_UNKNOWN, 3), signal(6, 4)), "CSQ 6 for 3 reports"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleOpensOneAlertAndSendsOneSms(String rule, List<MeterReading> readings, String detail) {
        awaitCalm();
        String meter = newMeter("rule");
        for (MeterReading r : readings) {
            readings().send(PRODUCT, meter, r);
        }

        Alert alert = awaitAlert(PRODUCT, meter, rule, AlertStatus.OPEN);
        assertEquals(detail, alert.detail);
        assertEquals(NotificationState.INDIVIDUAL, alert.notification);
        List<Alert> all = db.alertsOf(PRODUCT, meter);
        assertEquals(1, all.size(), "exactly one alert for the meter: " + all.stream().map(a -> a.rule).toList());

        List<SmsMessage> sms = awaitSmsSettled(alert.id);
        assertEquals(1, sms.size(), "one recipient configured by default");
        SmsMessage sent = sms.get(0);
        assertEquals(SmsStatus.SENT, sent.status);
        assertEquals("+8613800000000", sent.phoneNumber);
        assertNotNull(sent.bizId);

        List<SentSms> accepted = acceptedSmsAbout(meter);
        assertEquals(1, accepted.size(), "the stand-in accepted exactly one SMS about " + meter);
        SentSms at = accepted.get(0);
        assertEquals(sent.bizId, at.bizId());
        assertEquals(sent.outId(), at.outId());
        assertEquals("SMS_400000001", at.templateCode());
        assertEquals("MeterLink", at.signName());
        assertTrue(at.templateParam().contains("\"rule\":\"" + rule + "\""), at.templateParam());
        assertEquals(List.of("+8613800000000"), at.phoneNumbers());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theAlertResolvesWhenTheConditionClears(String rule, List<MeterReading> readings, String detail) {
        awaitCalm();
        String meter = newMeter("clear");
        for (MeterReading r : readings) {
            readings().send(PRODUCT, meter, r);
        }
        Alert open = awaitAlert(PRODUCT, meter, rule, AlertStatus.OPEN);
        readings().send(PRODUCT, meter, normal(60_000));

        Alert resolved = awaitAlert(PRODUCT, meter, rule, AlertStatus.RESOLVED);
        assertEquals(open.id, resolved.id, "the same alert resolves, kept as history");
        assertNotNull(resolved.resolvedAt);
        assertEquals(1, awaitSmsSettled(open.id).size(), "clearing sends no SMS");
    }
}
