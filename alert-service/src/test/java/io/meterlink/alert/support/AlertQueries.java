package io.meterlink.alert.support;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.NotificationState;
import io.meterlink.alert.repository.SmsKind;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.repository.SmsRepository;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.alert.repository.TrackedMeter;
import io.meterlink.alert.repository.TrackedMeterRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** Read-only views of the service's tables for test assertions, each in its own transaction. */
@ApplicationScoped
public class AlertQueries {

    @Inject
    AlertRepository alerts;

    @Inject
    SmsRepository sms;

    @Inject
    TrackedMeterRepository meters;

    @Transactional
    public List<Alert> alertsOf(String productKey, String deviceName) {
        return alerts.list("productKey = ?1 and deviceName = ?2", Sort.by("id"), productKey, deviceName);
    }

    @Transactional
    public long alertCount(String productKey) {
        return alerts.count("productKey", productKey);
    }

    @Transactional
    public long alertCount(String productKey, NotificationState notification) {
        return alerts.count("productKey = ?1 and notification = ?2", productKey, notification);
    }

    @Transactional
    public long openedSince(Instant since) {
        return alerts.countOpenedSince(since);
    }

    @Transactional
    public List<SmsMessage> smsOfAlert(long alertId) {
        return sms.list("alertId", Sort.by("id"), alertId);
    }

    @Transactional
    public List<SmsMessage> smsOfAlerts(String productKey) {
        return sms.list("alertId in (select a.id from Alert a where a.productKey = ?1)", Sort.by("id"), productKey);
    }

    @Transactional
    public List<SmsMessage> summariesSince(Instant since) {
        return sms.list("kind = ?1 and createdAt >= ?2", Sort.by("id"), SmsKind.SUMMARY, since);
    }

    @Transactional
    public long queuedSms() {
        return sms.count("status", SmsStatus.QUEUED);
    }

    /** The energy register of the newest reading applied to the meter; null while none was. */
    @Transactional
    public Long lastEnergy(String productKey, String deviceName) {
        TrackedMeter m = meters.findById(new TrackedMeter.Key(productKey, deviceName));
        return m == null ? null : m.lastEnergy;
    }

    /**
     * Records {@code count} SMS as sent to {@code phoneNumber} with {@code templateCode} within the last hours, as if
     * alerts had texted the number all day (negative ids, outside the sequence's range).
     */
    @Transactional
    public void sentAllDay(String phoneNumber, String templateCode, int count) {
        alerts.getEntityManager().createNativeQuery("INSERT INTO sms (id, kind, phone_number, sign_name, template_code, "
                        + "template_param, status, attempts, next_attempt_at, created_at, sent_at, updated_at) "
                        + "SELECT -nextval('sms_seq') * 1000 - g, 'ALERT', ?1, 'MeterLink', ?2, '{}', 'SENT', 1, "
                        + "now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours', now() "
                        + "FROM generate_series(1, ?3) AS g")
                .setParameter(1, phoneNumber).setParameter(2, templateCode).setParameter(3, count).executeUpdate();
    }
}
