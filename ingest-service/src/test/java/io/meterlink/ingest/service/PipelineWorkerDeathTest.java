package io.meterlink.ingest.service;

import io.meterlink.ingest.config.IngestConfig;
import io.meterlink.ingest.health.IngestPipelineLivenessCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch worker hit by an {@link Error}: before, the thread simply ended, and once all workers were gone every
 * admitted delivery sat unsettled on a live link (the platform never redelivers those) while liveness stayed UP.
 * Now a worker ended by an ordinary Error is replaced, and one that is gone for good or stuck turns liveness DOWN.
 */
class PipelineWorkerDeathTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private IngestPipeline pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.stop(new ShutdownEvent());
        }
    }

    @Test
    void workerKilledByAnErrorIsReplacedAndLaterBatchesAreStillSettled() {
        AtomicInteger calls = new AtomicInteger();
        pipeline = pipeline(Map.of(), batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("a bug that escapes every catch (Exception)");
            }
        });
        Settlements.Counting first = new Settlements.Counting();
        pipeline.submit(delivery(first));
        await().atMost(PATIENCE).until(() -> first.released.get() == 1);

        Settlements.Counting second = new Settlements.Counting();
        pipeline.submit(delivery(second));
        await().atMost(PATIENCE).until(() -> second.accepted.get() == 1);
        assertEquals(0, first.accepted.get());
        assertEquals(HealthCheckResponse.Status.UP, new IngestPipelineLivenessCheck(pipeline).call().getStatus());
    }

    @Test
    void workerEndedByAVirtualMachineErrorTurnsLivenessDown() {
        pipeline = pipeline(Map.of(), batch -> {
            throw new StackOverflowError("simulated");
        });
        IngestPipelineLivenessCheck liveness = new IngestPipelineLivenessCheck(pipeline);
        assertEquals(HealthCheckResponse.Status.UP, liveness.call().getStatus());
        Settlements.Counting first = new Settlements.Counting();
        pipeline.submit(delivery(first));
        await().atMost(PATIENCE).until(() -> first.released.get() == 1);
        await().atMost(PATIENCE).until(() -> liveness.call().getStatus() == HealthCheckResponse.Status.DOWN);
        assertTrue(String.valueOf(liveness.call().getData().orElseThrow().get("stalled")).contains("ended"));
    }

    @Test
    void workerStuckInABatchTurnsLivenessDownUntilItComesBack() {
        CountDownLatch stuck = new CountDownLatch(1);
        pipeline = pipeline(Map.of("meterlink.ingest.batch.stall-timeout", "300ms"), batch -> stuck.await());
        IngestPipelineLivenessCheck liveness = new IngestPipelineLivenessCheck(pipeline);
        Settlements.Counting first = new Settlements.Counting();
        pipeline.submit(delivery(first));
        await().atMost(PATIENCE).until(() -> liveness.call().getStatus() == HealthCheckResponse.Status.DOWN);
        assertTrue(String.valueOf(liveness.call().getData().orElseThrow().get("stalled")).contains("stuck"));

        stuck.countDown();
        await().atMost(PATIENCE).until(() -> first.accepted.get() == 1);
        await().atMost(PATIENCE).until(() -> liveness.call().getStatus() == HealthCheckResponse.Status.UP);
    }

    /** What a batch does instead of touching a database: nothing, or throw. */
    interface Body {
        void process(List<Delivery> batch) throws Exception;
    }

    static IngestPipeline pipeline(Map<String, String> overrides, Body body) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "meterlink.ingest.amqp.host", "localhost",
                "meterlink.ingest.amqp.access-key-id", "id",
                "meterlink.ingest.amqp.access-key-secret", "secret",
                "meterlink.ingest.amqp.consumer-group-id", "group",
                "meterlink.ingest.batch.workers", "1",
                "meterlink.ingest.batch.max-wait", "1ms",
                "meterlink.ingest.recovery.initial-backoff", "10ms",
                "meterlink.ingest.recovery.max-backoff", "10ms"));
        properties.putAll(overrides);
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(IngestConfig.class)
                // Quarkus' duration syntax (20ms, 10s), as the application reads it.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        IngestConfig ingest = config.getConfigMapping(IngestConfig.class);
        BatchProcessor processor = new BatchProcessor(ingest, null, null, null) {
            @Override
            public BatchOutcome process(List<Delivery> batch) throws Exception {
                body.process(batch);
                return new BatchOutcome(List.of(), List.of(), List.of(), List.of());
            }
        };
        IngestPipeline pipeline = new IngestPipeline(ingest, processor, new SimpleMeterRegistry());
        pipeline.start(new StartupEvent());
        return pipeline;
    }

    static Delivery delivery(Settlement settlement) {
        return new Delivery("/a1MeterLink/meter-000001/user/data/up", "m", 1L, new byte[] {'x'}, Instant.now(),
                System.nanoTime(), settlement);
    }
}
