package io.meterlink.alert;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.repository.NotificationState;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.meterlink.testbed.quarkus.ReadingEvents.normal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Missing reports. In %test, product pk-silent reports every second and counts as missing after two silent
 * intervals; other products keep the 15-minute default and never go missing during a test run.
 */
@QuarkusTest
class SilentMeterTest extends AlertServiceTestBase {

    private static final String PRODUCT = "pk-silent";

    @Test
    void aSilentMeterRaisesAMissingReportAlertThatClearsWhenItReportsAgain() {
        awaitCalm();
        String meter = newMeter("silent");
        readings().send(PRODUCT, meter, normal(100));

        Alert missing = awaitAlert(PRODUCT, meter, "missing_report", AlertStatus.OPEN);
        assertTrue(missing.detail.startsWith("no report since "), missing.detail);
        assertEquals(NotificationState.INDIVIDUAL, missing.notification);
        assertEquals(SmsStatus.SENT, awaitSmsSettled(missing.id).get(0).status);
        assertEquals(1, acceptedSmsAbout(meter).size());

        readings().send(PRODUCT, meter, normal(101));
        Alert resolved = awaitAlert(PRODUCT, meter, "missing_report", AlertStatus.RESOLVED);
        assertEquals(missing.id, resolved.id);

        // Silent again right away: a new alert, but within the quiet period of the first SMS it is not texted.
        await().atMost(WAIT).until(() -> db.alertsOf(PRODUCT, meter).size() == 2);
        List<Alert> alerts = db.alertsOf(PRODUCT, meter);
        Alert again = alerts.get(1);
        assertEquals(AlertStatus.OPEN, again.status);
        assertEquals(NotificationState.SILENCED, again.notification);
        assertTrue(db.smsOfAlert(again.id).isEmpty());
        assertEquals(1, acceptedSmsAbout(meter).size(), "still the one SMS");
    }
}
