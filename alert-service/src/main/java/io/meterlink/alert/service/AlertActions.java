package io.meterlink.alert.service;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.AlertStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/** What people do to alerts through the API. */
@ApplicationScoped
public class AlertActions {

    /** Result of an acknowledgement. */
    public sealed interface AckResult {
        /** Acknowledged now. */
        record Done(Alert alert) implements AckResult {
        }

        /** The alert is resolved or was acknowledged before; nothing changed. */
        record Conflict(Alert alert, String reason) implements AckResult {
        }

        /** No alert with that id. */
        record NotFound() implements AckResult {
        }
    }

    @Inject
    AlertRepository alerts;

    @Inject
    AlertMetrics metrics;

    /**
     * Marks an open alert as seen: no more repeat SMS, but it stays unresolved until its condition clears.
     *
     * @param by the acknowledging user, from the token
     */
    @Transactional
    public AckResult acknowledge(long id, String by, String note) {
        Optional<Alert> found = alerts.lockById(id);
        if (found.isEmpty()) {
            return new AckResult.NotFound();
        }
        Alert alert = found.get();
        if (alert.status == AlertStatus.RESOLVED) {
            return new AckResult.Conflict(alert, "alert " + id + " is already resolved");
        }
        if (alert.status == AlertStatus.ACKNOWLEDGED) {
            return new AckResult.Conflict(alert, "alert " + id + " was already acknowledged by "
                    + alert.acknowledgedBy + " at " + alert.acknowledgedAt);
        }
        alert.status = AlertStatus.ACKNOWLEDGED;
        alert.acknowledgedAt = Instant.now();
        alert.acknowledgedBy = by;
        alert.acknowledgeNote = note;
        metrics.alertAcknowledged(alert.rule);
        return new AckResult.Done(alert);
    }
}
