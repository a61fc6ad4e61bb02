package io.meterlink.alert.service;

import io.meterlink.alert.repository.AdvisoryLocks;
import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.NotificationState;
import io.meterlink.alert.repository.SmsKind;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.repository.SmsRepository;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.alert.sms.RetryPolicy;
import io.meterlink.alert.sms.SendCaps;
import io.meterlink.alert.sms.SendOutcome;
import io.meterlink.alert.sms.SmsGateway;
import io.meterlink.alert.sms.SmsRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.Optional;

/**
 * Sends one due SMS per call. The row stays locked while SendSms runs and its outcome is written in the same
 * transaction, so no other worker or replica can send it twice; only a crash between Alibaba's answer and the commit
 * can repeat an SMS, and then its OutId tells the two apart in Alibaba's records.
 */
@ApplicationScoped
public class SmsOutbox {

    private static final Logger LOG = Logger.getLogger(SmsOutbox.class);
    private static final int MESSAGE_MAX = 500;
    private static final String RATE_CAP = "local.RATE_CAP";

    @Inject
    SmsRepository repository;

    @Inject
    AdvisoryLocks locks;

    @Inject
    SmsGateway gateway;

    @Inject
    RetryPolicy retryPolicy;

    @Inject
    SendCaps caps;

    @Inject
    AlertMetrics metrics;

    @Inject
    AlertRepository alerts;

    @Inject
    OnCallDirectory onCall;

    @Inject
    AlertNotifier notifier;

    /** @return false when nothing was due, so the caller can wait */
    @Transactional
    public boolean sendNextDue() {
        Optional<SmsMessage> claimed = repository.claimNextDue(Instant.now());
        if (claimed.isEmpty()) {
            return false;
        }
        SmsMessage sms = claimed.get();
        locks.lockNumber(sms.phoneNumber, sms.templateCode);
        Instant now = Instant.now();
        SmsRepository.SentWindow sent = repository.sentWindow(sms.phoneNumber, sms.templateCode, now);
        SendCaps.Verdict cap = caps.check(new SendCaps.Sent(sent.lastMinute(), sent.lastHour(), sent.lastDay()),
                sent.oldestInMinute(), sent.oldestInHour(), now);
        if (cap.exhausted()) {
            overDailyCap(sms, now);
            return true;
        }
        if (!cap.allowed()) {
            sms.nextAttemptAt = cap.notBefore();
            sms.lastErrorCode = RATE_CAP;
            sms.lastErrorMessage = "per-number cap reached, waiting until " + cap.notBefore();
            sms.updatedAt = now;
            metrics.smsCapped();
            return true;
        }

        sms.attempts++;
        SendOutcome outcome = gateway.send(new SmsRequest(sms.phoneNumber, sms.signName, sms.templateCode,
                sms.templateParam, sms.outId()));
        Instant after = Instant.now();
        sms.updatedAt = after;
        if (outcome instanceof SendOutcome.Accepted accepted) {
            sms.status = SmsStatus.SENT;
            sms.sentAt = after;
            sms.bizId = accepted.bizId();
            metrics.smsSent(sms.kind.name());
        } else if (outcome instanceof SendOutcome.Refused refused) {
            failed(sms, refused.code(), refused.message(), after);
        } else if (outcome instanceof SendOutcome.Unreachable unreachable) {
            failed(sms, RetryPolicy.UNREACHABLE, unreachable.reason(), after);
        }
        return true;
    }

    /**
     * An alert SMS over its number's daily cap is not simply given up: the alert goes to the next on-call number
     * (the product's, then the default ones) that has no SMS of this alert yet and is under its own cap; with none
     * left, the alert is folded into the next storm summary (own template, own budget). A summary over the cap fails.
     */
    private void overDailyCap(SmsMessage sms, Instant now) {
        String reason = "daily cap for this number and template reached";
        // Locked like the consumer locks it, since folding into a summary changes its notification.
        Alert alert = sms.alertId == null ? null : alerts.lockById(sms.alertId).orElse(null);
        if (sms.kind != SmsKind.ALERT || alert == null) {
            fail(sms, SendCaps.DAILY_CAP, reason, now);
            return;
        }
        Set<String> alreadyTold = new HashSet<>();
        repository.list("alertId", alert.id).forEach(m -> alreadyTold.add(m.phoneNumber));
        for (String number : onCall.current().escalationChainFor(alert.productKey)) {
            if (alreadyTold.contains(number) || !underDailyCap(number, sms.templateCode, now)) {
                continue;
            }
            SmsMessage next = notifier.queue(SmsKind.ALERT, alert.id, null, number, sms.templateCode,
                    sms.templateParam, now);
            notifier.fireQueued(1);
            fail(sms, SendCaps.DAILY_CAP, reason + "; escalated to the next on-call number as SMS " + next.id, now);
            metrics.smsEscalated();
            return;
        }
        if (alert.notification != NotificationState.SUMMARY_PENDING) {
            alert.notification = NotificationState.SUMMARY_PENDING;
        }
        fail(sms, SendCaps.DAILY_CAP, reason + "; no other on-call number free, folded into the next storm summary",
                now);
        metrics.smsEscalated();
    }

    private boolean underDailyCap(String number, String templateCode, Instant now) {
        SmsRepository.SentWindow sent = repository.sentWindow(number, templateCode, now);
        return !caps.check(new SendCaps.Sent(0, 0, sent.lastDay()), null, null, now).exhausted();
    }

    private void failed(SmsMessage sms, String code, String message, Instant now) {
        RetryPolicy.Decision decision = retryPolicy.afterFailure(code, sms.attempts, now);
        if (decision.retry()) {
            sms.nextAttemptAt = decision.nextAttemptAt();
            sms.lastErrorCode = code;
            sms.lastErrorMessage = cut(message);
            metrics.smsFailed(code, true);
            LOG.debugf("SMS %d attempt %d failed with %s, retrying at %s", sms.id, sms.attempts, code,
                    decision.nextAttemptAt());
        } else {
            fail(sms, code, message, now);
        }
    }

    private void fail(SmsMessage sms, String code, String message, Instant now) {
        sms.status = SmsStatus.FAILED;
        sms.lastErrorCode = code;
        sms.lastErrorMessage = cut(message);
        sms.updatedAt = now;
        metrics.smsFailed(code, false);
        LOG.warnf("SMS %d (%s) failed for good after %d attempt(s): %s", sms.id, sms.kind, sms.attempts, code);
    }

    private static String cut(String message) {
        if (message == null) {
            return null;
        }
        return message.length() <= MESSAGE_MAX ? message : message.substring(0, MESSAGE_MAX);
    }
}
