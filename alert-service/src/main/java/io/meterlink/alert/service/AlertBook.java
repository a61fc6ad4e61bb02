package io.meterlink.alert.service;

import io.meterlink.alert.notification.QuietPeriod;
import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.repository.NotificationState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/** The state changes of an alert's life: open, confirmed by further readings, resolved. */
@ApplicationScoped
public class AlertBook {

    private static final int DETAIL_MAX = 200;

    @Inject
    QuietPeriod quietPeriod;

    @Inject
    AlertMetrics metrics;

    /** A new open alert, not yet persisted: {@link AlertNotifier#opened} decides its notification and stores it. */
    public Alert open(String productKey, String deviceName, String rule, String detail, Instant now,
            String openedByMessage) {
        Alert a = new Alert();
        a.productKey = productKey;
        a.deviceName = deviceName;
        a.rule = rule;
        a.status = AlertStatus.OPEN;
        a.detail = cut(detail);
        a.openedAt = now;
        a.lastFiringAt = now;
        a.firingCount = 1;
        a.openedByMessage = openedByMessage;
        return a;
    }

    /**
     * Another reading confirms an open alert.
     *
     * @param recent whether the confirming reading is recent enough to text about
     * @return whether it is due for an SMS: open, not acknowledged, and either notified with the quiet period over,
     *         or opened from a backlog and never texted
     */
    public boolean confirm(Alert alert, String detail, Instant now, boolean recent) {
        alert.detail = cut(detail);
        alert.lastFiringAt = now;
        alert.firingCount++;
        if (!recent || alert.status != AlertStatus.OPEN) {
            return false;
        }
        if (alert.notification == NotificationState.BACKLOG) {
            return true;
        }
        return (alert.notification == NotificationState.INDIVIDUAL
                        || alert.notification == NotificationState.SUMMARIZED
                        || alert.notification == NotificationState.SILENCED)
                && quietPeriod.renotifyDue(alert.lastNotifiedAt, now);
    }

    /** The condition cleared: the alert becomes history. */
    public void resolve(Alert alert, Instant now) {
        alert.status = AlertStatus.RESOLVED;
        alert.resolvedAt = now;
        metrics.alertResolved(alert.rule);
    }

    private static String cut(String detail) {
        return detail.length() <= DETAIL_MAX ? detail : detail.substring(0, DETAIL_MAX);
    }
}
