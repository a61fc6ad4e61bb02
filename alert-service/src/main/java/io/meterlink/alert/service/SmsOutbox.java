package io.meterlink.alert.service;

import io.meterlink.alert.repository.AdvisoryLocks;
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
            fail(sms, SendCaps.DAILY_CAP, "daily cap for this number and template reached", now);
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
