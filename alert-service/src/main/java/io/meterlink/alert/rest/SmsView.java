package io.meterlink.alert.rest;

import io.meterlink.alert.repository.SmsMessage;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * An outbox SMS as the API shows it. Operators see the number masked (personal data); admins see it whole.
 */
@RegisterForReflection
public record SmsView(long id, String kind, Long alertId, Long summaryId, String phoneNumber, String templateCode,
        String templateParam, String status, int attempts, Instant nextAttemptAt, Instant createdAt, Instant sentAt,
        String bizId, String outId, String lastErrorCode, String lastErrorMessage) {

    static SmsView of(SmsMessage s, boolean fullNumber) {
        return new SmsView(s.id, s.kind.name(), s.alertId, s.summaryId,
                fullNumber ? s.phoneNumber : PhoneNumbers.mask(s.phoneNumber), s.templateCode, s.templateParam, s.status.name(),
                s.attempts, s.nextAttemptAt, s.createdAt, s.sentAt, s.bizId, s.outId(), s.lastErrorCode,
                s.lastErrorMessage);
    }
}
