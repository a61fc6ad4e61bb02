package io.meterlink.alert.service;

import io.meterlink.alert.config.SmsConfig;
import io.meterlink.alert.notification.AlertMessage;
import io.meterlink.alert.notification.OnCallRouting;
import io.meterlink.alert.notification.QuietPeriod;
import io.meterlink.alert.notification.StormGate;
import io.meterlink.alert.repository.AdvisoryLocks;
import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.NotificationState;
import io.meterlink.alert.repository.SmsKind;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.repository.SmsRepository;
import io.meterlink.alert.repository.SmsStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides who hears about newly opened alerts and writes their SMS into the outbox, inside the caller's transaction:
 * an alert and its SMS are committed together or not at all.
 */
@ApplicationScoped
public class AlertNotifier {

    @Inject
    AlertRepository alerts;

    @Inject
    SmsRepository smsRepository;

    @Inject
    AdvisoryLocks locks;

    @Inject
    OnCallDirectory onCall;

    @Inject
    StormGate stormGate;

    @Inject
    QuietPeriod quietPeriod;

    @Inject
    AlertMessage alertMessage;

    @Inject
    SmsConfig smsConfig;

    @Inject
    AlertMetrics metrics;

    @Inject
    Event<SmsQueued> queuedEvent;

    /**
     * Stores alerts the caller has just built (not yet persisted) and notifies them: one by one while the storm
     * threshold allows, otherwise they wait for the storm summary. The storm count is taken under an advisory lock,
     * so replicas opening alerts at the same time cannot both use the last individual slots.
     */
    public void opened(List<Alert> fresh, Instant now) {
        if (fresh.isEmpty()) {
            return;
        }
        locks.lock(AdvisoryLocks.STORM);
        long before = alerts.countOpenedSince(now.minus(stormGate.window()));
        int slots = stormGate.individualSlots(before);
        OnCallRouting routing = onCall.current();
        // Decide before persisting: the look-ups below flush, and a fresh alert must not be written half-decided.
        // A meter and rule opening twice within one batch is silenced by the first one's SMS.
        Map<String, Instant> notifiedInBatch = new HashMap<>();
        Map<Alert, List<String>> toText = new LinkedHashMap<>();
        for (Alert alert : fresh) {
            if (slots == 0) {
                alert.notification = NotificationState.SUMMARY_PENDING;
                continue;
            }
            String meterRule = alert.productKey + '/' + alert.deviceName + '/' + alert.rule;
            Instant previous = notifiedInBatch.containsKey(meterRule) ? notifiedInBatch.get(meterRule)
                    : alerts.lastNotified(alert.productKey, alert.deviceName, alert.rule);
            List<String> recipients = routing.recipientsFor(alert.productKey);
            if (quietPeriod.silencesReopen(previous, now)) {
                alert.notification = NotificationState.SILENCED;
                alert.lastNotifiedAt = previous;
            } else if (recipients.isEmpty()) {
                alert.notification = NotificationState.NO_RECIPIENT;
            } else {
                alert.notification = NotificationState.INDIVIDUAL;
                alert.lastNotifiedAt = now;
                alert.notifyCount = 1;
                notifiedInBatch.put(meterRule, now);
                toText.put(alert, recipients);
                slots--;
            }
        }
        int queued = 0;
        for (Alert alert : fresh) {
            alerts.persist(alert);
            metrics.alertOpened(alert.rule);
            List<String> recipients = toText.get(alert);
            if (recipients != null) {
                queued += queueAlertSms(alert, recipients, now);
            }
        }
        fireQueued(queued);
    }

    /**
     * Stores alerts opened (marked {@link NotificationState#BACKLOG}) by readings too old to text about (older than
     * {@code meterlink.alert.readings.notify-max-age}): recorded, no SMS, not counted as a storm. A newer reading
     * that still shows one texts it through {@link #renotify}.
     */
    public void openedFromBacklog(List<Alert> fresh) {
        for (Alert alert : fresh) {
            alerts.persist(alert);
            metrics.alertOpened(alert.rule);
        }
    }

    /**
     * Texts again about alerts still open after their quiet period. Held back while a storm rages; the next reading
     * that confirms such an alert tries again. An alert opened from a backlog gets its first SMS here.
     */
    public void renotify(Collection<Alert> due, Instant now) {
        if (due.isEmpty()) {
            return;
        }
        if (stormGate.isStorm(alerts.countOpenedSince(now.minus(stormGate.window())))) {
            return;
        }
        OnCallRouting routing = onCall.current();
        int queued = 0;
        for (Alert alert : due) {
            List<String> recipients = routing.recipientsFor(alert.productKey);
            if (recipients.isEmpty()) {
                continue;
            }
            queued += queueAlertSms(alert, recipients, now);
            if (alert.notification == NotificationState.BACKLOG) {
                alert.notification = NotificationState.INDIVIDUAL;
            }
            alert.lastNotifiedAt = now;
            alert.notifyCount++;
        }
        fireQueued(queued);
    }

    /** Writes one outbox row; the caller's transaction makes it durable. */
    public SmsMessage queue(SmsKind kind, Long alertId, Long summaryId, String phoneNumber, String templateCode,
            String templateParam, Instant now) {
        SmsMessage sms = new SmsMessage();
        sms.kind = kind;
        sms.alertId = alertId;
        sms.summaryId = summaryId;
        sms.phoneNumber = phoneNumber;
        sms.signName = smsConfig.signName();
        sms.templateCode = templateCode;
        sms.templateParam = templateParam;
        sms.status = SmsStatus.QUEUED;
        sms.attempts = 0;
        sms.nextAttemptAt = now;
        sms.createdAt = now;
        sms.updatedAt = now;
        smsRepository.persist(sms);
        metrics.smsQueued(kind.name());
        return sms;
    }

    /** Wakes the senders once the caller's transaction has committed. */
    public void fireQueued(int count) {
        if (count > 0) {
            queuedEvent.fire(new SmsQueued(count));
        }
    }

    private int queueAlertSms(Alert alert, List<String> recipients, Instant now) {
        String params = alertMessage.params(alert.productKey, alert.deviceName, alert.rule, alert.detail,
                alert.openedAt).toJson();
        for (String number : recipients) {
            queue(SmsKind.ALERT, alert.id, null, number, smsConfig.alertTemplate(), params, now);
        }
        return recipients.size();
    }
}
