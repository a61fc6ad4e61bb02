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
     * @return whether it is due for a repeat SMS (open, not acknowledged, notified, quiet period over)
     */
    public boolean confirm(Alert alert, String detail, Instant now) {
        alert.detail = cut(detail);
        alert.lastFiringAt = now;
        alert.firingCount++;
        return alert.status == AlertStatus.OPEN
                && (alert.notification == NotificationState.INDIVIDUAL
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
