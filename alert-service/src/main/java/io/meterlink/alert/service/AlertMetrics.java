package io.meterlink.alert.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's Micrometer meters (Prometheus at /q/metrics). Kafka consumer lag itself comes from the Kafka client
 * metrics Quarkus binds ({@code kafka_consumer_fetch_manager_records_lag*}); {@code meterlink_readings_delay_seconds}
 * adds how old the newest applied reading was, which also shows lag behind ingest.
 */
@ApplicationScoped
public class AlertMetrics {

    @Inject
    MeterRegistry registry;

    private final AtomicLong readingDelayMillis = new AtomicLong();

    @jakarta.annotation.PostConstruct
    void gauges() {
        registry.gauge("meterlink.readings.delay.seconds", readingDelayMillis, v -> v.get() / 1000.0);
    }

    public void alertOpened(String rule) {
        registry.counter("meterlink.alerts.opened", "rule", rule).increment();
    }

    public void alertResolved(String rule) {
        registry.counter("meterlink.alerts.resolved", "rule", rule).increment();
    }

    public void alertAcknowledged(String rule) {
        registry.counter("meterlink.alerts.acknowledged", "rule", rule).increment();
    }

    /** One storm summary SMS queued, covering {@code alerts} alerts. */
    public void stormSummarized(int alerts) {
        registry.counter("meterlink.alerts.summarized").increment(alerts);
        registry.counter("meterlink.storm.summaries").increment();
    }

    public void smsQueued(String kind) {
        registry.counter("meterlink.sms.queued", "kind", kind).increment();
    }

    public void smsSent(String kind) {
        registry.counter("meterlink.sms.sent", "kind", kind).increment();
    }

    /**
     * A failed SendSms attempt.
     *
     * @param willRetry whether the outbox retries it, so dashboards can tell throttling from lost messages
     */
    public void smsFailed(String code, boolean willRetry) {
        registry.counter("meterlink.sms.failed", "code", code, "final", Boolean.toString(!willRetry)).increment();
    }

    /** An SMS held back by a per-number cap. */
    public void smsCapped() {
        registry.counter("meterlink.sms.capped").increment();
    }

    /** An alert SMS over its number's daily cap, passed on to the next on-call number or to the storm summary. */
    public void smsEscalated() {
        registry.counter("meterlink.sms.escalated").increment();
    }

    public void readings(String outcome, int count) {
        if (count > 0) {
            counter("meterlink.readings", "outcome", outcome).increment(count);
        }
    }

    public void newestReading(Instant receivedAt, Instant now) {
        readingDelayMillis.set(Math.max(0, Duration.between(receivedAt, now).toMillis()));
    }

    private Counter counter(String name, String tag, String value) {
        return registry.counter(name, tag, value);
    }
}
