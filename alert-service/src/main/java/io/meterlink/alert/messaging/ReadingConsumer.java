package io.meterlink.alert.messaging;

import io.meterlink.alert.config.ReadingsConfig;
import io.meterlink.alert.service.AlertMetrics;
import io.meterlink.alert.service.IncomingReading;
import io.meterlink.alert.service.ReadingProcessor;
import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.event.ReadingEventCodec;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code meter.readings} in batches. A batch is acknowledged, and its offsets become committable, only
 * after {@link ReadingProcessor} has committed its effects; a record that is not a valid reading event goes to the
 * dead-letter topic with the reason, and is acknowledged only once Kafka has stored it there.
 */
@ApplicationScoped
public class ReadingConsumer {

    private static final Logger LOG = Logger.getLogger(ReadingConsumer.class);

    @Inject
    ReadingProcessor processor;

    @Inject
    ReadingsConfig config;

    @Inject
    AlertMetrics metrics;

    @Inject
    @Channel("readings-dlq")
    MutinyEmitter<byte[]> deadLetters;

    @Incoming("readings")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<IncomingReading> batch = new ArrayList<>(records.count());
        Instant newest = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            ReadingEvent event;
            try {
                event = ReadingEventCodec.fromJson(record.value());
            } catch (IllegalArgumentException e) {
                deadLetter(record, e.getMessage());
                continue;
            }
            batch.add(new IncomingReading(IncomingReading.dedupKey(event, header(record, "messageId"),
                    record.topic(), record.partition(), record.offset()), event));
            if (newest == null || event.receivedAt().isAfter(newest)) {
                newest = event.receivedAt();
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        ReadingProcessor.Outcome outcome = store(batch);
        if (LOG.isDebugEnabled()) {
            LOG.debug("batch of " + records.count() + " readings: " + outcome + " in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
        metrics.readings("applied", outcome.applied());
        metrics.readings("duplicate", outcome.duplicates());
        metrics.readings("stale", outcome.stale());
        metrics.newestReading(newest, Instant.now());
    }

    /**
     * Retries a failed batch (database fail-over, deadlock victim) with backoff. When attempts run out the
     * exception stops the channel: nothing is committed, health turns DOWN, and a restarted pod resumes from the
     * last committed offset.
     */
    private ReadingProcessor.Outcome store(List<IncomingReading> batch) throws InterruptedException {
        Duration backoff = config.storeBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return processor.apply(batch);
            } catch (RuntimeException e) {
                if (attempt >= config.storeAttempts()) {
                    LOG.errorf(e, "storing %d readings failed %d times; stopping consumption", batch.size(),
                            attempt);
                    throw e;
                }
                LOG.warnf("storing %d readings failed (attempt %d), retrying in %s: %s", batch.size(), attempt,
                        backoff, e.toString());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add("reason", utf8(reason));
        headers.add("rejectedBy", utf8("alert-service"));
        headers.add("sourceTopic", utf8(record.topic()));
        headers.add("sourcePartition", utf8(Integer.toString(record.partition())));
        headers.add("sourceOffset", utf8(Long.toString(record.offset())));
        byte[] value = record.value() == null ? new byte[0] : record.value();
        deadLetters.sendMessageAndAwait(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build()));
        metrics.readings("dead_letter", 1);
        LOG.warnf("reading at %s-%d@%d sent to the dead-letter topic: %s", record.topic(), record.partition(),
                record.offset(), reason);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
