package io.meterlink.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pipeline's Micrometer meters (Prometheus names in README.md). One place so the names and tags the dashboards
 * rely on are not scattered over the code.
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter statuses;
    private final Counter batchFailures;
    private final Counter workerDeaths;
    private final DistributionSummary batchSize;
    private final Timer lag;
    private final Timer settleLatency;
    private final Timer batchDuration;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        received = Counter.builder("ingest.messages.received")
                .description("Messages received from the AMQP consumer group (redeliveries included)")
                .register(registry);
        stored = Counter.builder("ingest.readings.stored")
                .description("Readings newly stored and published (each messageId once)")
                .register(registry);
        duplicates = Counter.builder("ingest.messages.duplicates")
                .description("Redelivered messages that were already stored or already rejected")
                .register(registry);
        statuses = Counter.builder("ingest.status.forwarded")
                .description("Device online/offline notifications passed on to Kafka")
                .register(registry);
        batchFailures = Counter.builder("ingest.batch.failures")
                .description("Batches released for redelivery because the database or Kafka failed")
                .register(registry);
        workerDeaths = Counter.builder("ingest.worker.deaths")
                .description("Batch workers ended by an Error (replaced unless the JVM itself failed)")
                .register(registry);
        batchSize = DistributionSummary.builder("ingest.batch.size")
                .description("Deliveries per batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(10_000.0)
                .register(registry);
        lag = Timer.builder("ingest.lag")
                .description("End-to-end lag: settle time minus the platform's generateTime")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofDays(1))
                .register(registry);
        settleLatency = Timer.builder("ingest.settle.latency")
                .description("From reception to acceptance at the platform")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        batchDuration = Timer.builder("ingest.batch.duration")
                .description("Time to make one batch durable (insert, Kafka acknowledgements, commit)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /** Registers gauges read from the pipeline's live state. */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    public void received() {
        received.increment();
    }

    public void stored(int count) {
        stored.increment(count);
    }

    public void duplicates(int count) {
        duplicates.increment(count);
    }

    public void statuses(int count) {
        statuses.increment(count);
    }

    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("ingest.messages.rejected")
                .description("Messages dead-lettered instead of stored, by reason")
                .tag("reason", r)
                .register(registry)).increment();
    }

    public void batchFailed() {
        batchFailures.increment();
    }

    public void workerDied() {
        workerDeaths.increment();
    }

    public void batch(int size, long durationNanos) {
        batchSize.record(size);
        batchDuration.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    public void lag(long lagMs) {
        lag.record(Math.max(0, lagMs), TimeUnit.MILLISECONDS);
    }

    public void settled(long receivedNanos, long nowNanos) {
        settleLatency.record(nowNanos - receivedNanos, TimeUnit.NANOSECONDS);
    }
}
