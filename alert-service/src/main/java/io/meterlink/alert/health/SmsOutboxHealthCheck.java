package io.meterlink.alert.health;

import io.meterlink.alert.repository.SmsRepository;
import io.meterlink.alert.service.SmsDispatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.time.Instant;

/**
 * Liveness of the SMS senders: DOWN when a sending thread has died, because then queued SMS would wait forever and
 * only a restart helps. Reports the outbox backlog alongside, for people looking at /q/health.
 */
@Liveness
@ApplicationScoped
public class SmsOutboxHealthCheck implements HealthCheck {

    @Inject
    SmsDispatcher dispatcher;

    @Inject
    SmsRepository repository;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("SMS outbox")
                .status(dispatcher.healthy())
                .withData("workers", dispatcher.workerCount());
        try {
            SmsRepository.Backlog backlog = repository.backlog();
            response.withData("queued", backlog.queued());
            if (backlog.oldestCreatedAt() != null) {
                response.withData("oldestQueuedSeconds",
                        Duration.between(backlog.oldestCreatedAt(), Instant.now()).toSeconds());
            }
        } catch (RuntimeException e) {
            // The database check reports the database; liveness must not flap with it.
            response.withData("queued", "unknown: " + e.getClass().getSimpleName());
        }
        return response.build();
    }
}
