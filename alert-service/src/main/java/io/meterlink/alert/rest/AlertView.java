package io.meterlink.alert.rest;

import io.meterlink.alert.repository.Alert;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** An alert as the API shows it. */
@RegisterForReflection
public record AlertView(long id, String productKey, String deviceName, String rule, String status, String detail,
        Instant openedAt, Instant lastFiringAt, int firingCount, Instant resolvedAt, Instant acknowledgedAt,
        String acknowledgedBy, String acknowledgeNote, String notification, Instant lastNotifiedAt,
        int notifyCount, Long summaryId) {

    static AlertView of(Alert a) {
        return new AlertView(a.id, a.productKey, a.deviceName, a.rule, a.status.name(), a.detail, a.openedAt,
                a.lastFiringAt, a.firingCount, a.resolvedAt, a.acknowledgedAt, a.acknowledgedBy, a.acknowledgeNote,
                a.notification.name(), a.lastNotifiedAt, a.notifyCount, a.summaryId);
    }
}
