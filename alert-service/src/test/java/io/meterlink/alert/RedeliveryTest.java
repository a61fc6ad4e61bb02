package io.meterlink.alert;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.meterlink.domain.event.ReadingEvent;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static io.meterlink.testbed.quarkus.ReadingEvents.event;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** At-least-once delivery upstream must not mean twice the alerts or twice the SMS. */
@QuarkusTest
class RedeliveryTest extends AlertServiceTestBase {

    private static final String PRODUCT = "pk-redelivery";

    @Test
    void aRedeliveredRecordCreatesNothingNew() {
        awaitCalm();
        String meter = newMeter("redeliver");
        ReadingEvent first = event(PRODUCT, meter, alarm(31, 500));
        readings().send(first);
        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);
        assertEquals(1, awaitSmsSettled(alert.id).size());

        // The very same record again (same platform message id), as after an AMQP or Kafka redelivery, then a new
        // reading that still shows the alarm. Only the new one may count.
        readings().send(first);
        readings().send(first);
        readings().send(event(PRODUCT, meter, alarm(31, 501)));

        await().atMost(WAIT).until(() -> db.alertsOf(PRODUCT, meter).get(0).firingCount >= 2);
        List<Alert> alerts = db.alertsOf(PRODUCT, meter);
        assertEquals(1, alerts.size());
        assertEquals(2, alerts.get(0).firingCount, "the two redeliveries were dropped, the new reading counted");
        assertEquals(1, db.smsOfAlert(alert.id).size(), "no second SMS queued");
        assertEquals(1, acceptedSmsAbout(meter).size(), "no second SMS sent");
    }
}
