package io.meterlink.ingest.messaging;

import io.meterlink.ingest.config.IngestConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends ingest's records with one idempotent, {@code acks=all} producer shared by all batch workers. Sends are
 * pipelined: {@link #send} returns at once and its future completes when the broker acknowledged the record, so a
 * batch puts all its records on the wire and then waits once.
 */
@ApplicationScoped
public class KafkaRecordPublisher {

    private final Producer<String, byte[]> producer;
    private final ReadingRecords records;

    @Inject
    public KafkaRecordPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config) {
        this(producerConfig(kafka, config.kafka().producer(), config.batch().kafkaTimeout()),
                new ReadingRecords(config.kafka().rawTopic(), config.kafka().readingsTopic(),
                        config.kafka().statusTopic(), config.kafka().deadLetterTopic()));
    }

    /** A publisher with exactly these producer settings (tests: a bootstrap address where nothing listens). */
    KafkaRecordPublisher(Map<String, Object> producerConfig, ReadingRecords records) {
        // Serializer instances rather than class names: nothing for Kafka to instantiate by reflection (native image).
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        this.records = records;
    }

    /**
     * Connection settings from {@code kafka.*}, tuning from {@code meterlink.ingest.kafka.producer.*}, and the settings the
     * settle-after-durable guarantee depends on, which configuration cannot weaken; {@code max.block.ms} is capped at
     * the batch's Kafka wait.
     */
    static Map<String, Object> producerConfig(Map<String, Object> kafka, Map<String, String> tuning,
            Duration batchTimeout) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.putAll(tuning);
        // One send may block this long (metadata, full buffer); never longer than a whole batch may take.
        long maxBlockMs = Long.parseLong(String.valueOf(config.getOrDefault(ProducerConfig.MAX_BLOCK_MS_CONFIG,
                "60000")));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(maxBlockMs,
                batchTimeout.toMillis())));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service");
        return config;
    }

    public ReadingRecords records() {
        return records;
    }

    /** Completes when the broker acknowledged the record (all in-sync replicas), or with its failure. */
    public CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /**
     * Sends a batch's records and waits for all their acknowledgements; the whole batch, hand-over included, takes
     * at most about {@code timeout}. Without topic metadata (Kafka unreachable) each {@code send} would block up to
     * {@code max.block.ms} and then fail: the first such failure ends the batch at once, and no further record is
     * handed over after the deadline, so an outage costs one timeout per batch, not one per record. Records already
     * handed over may still reach Kafka; the batch is released and its redelivery sends them again (consumers
     * de-duplicate on the messageId header).
     *
     * @throws ExecutionException when a record was refused (or could not be handed over)
     * @throws TimeoutException   when not every record was acknowledged in time
     */
    public void publishAll(List<ProducerRecord<String, byte[]>> batch, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        for (ProducerRecord<String, byte[]> record : batch) {
            CompletableFuture<Void> ack = send(record);
            if (ack.isCompletedExceptionally()) {
                // Failed while handing over (metadata or buffer wait timed out): the rest would fail the same way.
                ack.get();
            }
            acks.add(ack);
            if (System.nanoTime() - deadline >= 0) {
                throw new TimeoutException("Kafka took only " + acks.size() + " of " + batch.size()
                        + " records within " + timeout.toMillis() + " ms");
            }
        }
        long remaining = Math.max(0, deadline - System.nanoTime());
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(remaining, TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
