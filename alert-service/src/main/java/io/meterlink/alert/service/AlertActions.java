package io.meterlink.alert.service;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.api.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** What people do to alerts through the API. */
@ApplicationScoped
public class AlertActions {

    @Inject
    AlertRepository alerts;

    @Inject
    AlertMetrics metrics;

    /**
     * Marks an open alert as seen: no more repeat SMS, but it stays unresolved until its condition clears.
     *
     * @param by the acknowledging user, from the token
     * @return the alert, acknowledged now
     * @throws ApiProblem 404 when there is no such alert; 409 (field {@code status}) when it is resolved or was
     *                    acknowledged before, in which case nothing changes
     */
    @Transactional
    public Alert acknowledge(long id, String by, String note) {
        Alert alert = alerts.lockById(id).orElseThrow(() -> ApiProblem.notFound("no alert " + id));
        if (alert.status == AlertStatus.RESOLVED) {
            throw ApiProblem.conflict("status", "alert " + id + " is already resolved");
        }
        if (alert.status == AlertStatus.ACKNOWLEDGED) {
            throw ApiProblem.conflict("status", "alert " + id + " was already acknowledged by "
                    + alert.acknowledgedBy + " at " + alert.acknowledgedAt);
        }
        alert.status = AlertStatus.ACKNOWLEDGED;
        alert.acknowledgedAt = Instant.now();
        alert.acknowledgedBy = by;
        alert.acknowledgeNote = note;
        metrics.alertAcknowledged(alert.rule);
        return alert;
    }
}
