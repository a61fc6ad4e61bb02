package io.meterlink.ingest.health;

import io.meterlink.ingest.service.IngestPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.util.List;

/**
 * Liveness of the batch workers: DOWN when a worker has ended or is stuck in one batch past the stall timeout. Such
 * a worker leaves its deliveries unsettled on a live AMQP link, which the platform never redelivers, and nothing
 * inside the process can repair that; restarting the pod closes the links and the platform redelivers everything.
 * A failing database or Kafka is not a liveness problem (readiness says so, and the workers keep retrying).
 */
@Liveness
@ApplicationScoped
public class IngestPipelineLivenessCheck implements HealthCheck {

    private final IngestPipeline pipeline;

    public IngestPipelineLivenessCheck(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> stalled = pipeline.stalledWorkers();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Ingest pipeline workers")
                .status(stalled.isEmpty())
                .withData("workers", pipeline.workerCount())
                .withData("inFlight", pipeline.inFlight());
        if (!stalled.isEmpty()) {
            response.withData("stalled", String.join(", ", stalled));
        }
        return response.build();
    }
}
