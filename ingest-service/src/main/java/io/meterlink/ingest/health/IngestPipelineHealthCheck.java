package io.meterlink.ingest.health;

import io.meterlink.ingest.service.IngestPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the pipeline itself: DOWN while batches keep failing (database or Kafka refusing writes), which the
 * database, Kafka and AMQP checks alone can miss (e.g. a database that accepts connections but not this role's
 * inserts). Data shows what is in flight and the latest failure.
 */
@Readiness
@ApplicationScoped
public class IngestPipelineHealthCheck implements HealthCheck {

    private final IngestPipeline pipeline;

    public IngestPipelineHealthCheck(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public HealthCheckResponse call() {
        int failures = pipeline.consecutiveFailures();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Ingest pipeline")
                .status(pipeline.running() && failures == 0)
                .withData("inFlight", pipeline.inFlight())
                .withData("consecutiveFailedBatches", failures)
                .withData("paused", pipeline.paused());
        if (pipeline.lastSuccessAt() != null) {
            response.withData("lastBatchStoredAt", pipeline.lastSuccessAt().toString());
        }
        if (pipeline.lastFailure() != null) {
            response.withData("lastFailure", pipeline.lastFailure())
                    .withData("lastFailureAt", String.valueOf(pipeline.lastFailureAt()));
        }
        return response.build();
    }
}
