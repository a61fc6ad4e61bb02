package io.meterlink.ingest.messaging;

import io.meterlink.ingest.config.IngestConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends ingest's records with one idempotent, {@code acks=all} producer shared by all batch workers. Sends are
 * pipelined: {@link #send} returns at once and its future completes when the broker acknowledged the record, so a
 * batch puts all its records on the wire and then waits once.
 */
@ApplicationScoped
public class KafkaRecordPublisher {

    private final Producer<String, byte[]> producer;
    private final ReadingRecords records;

    public KafkaRecordPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config) {
        // Serializer instances rather than class names: nothing for Kafka to instantiate by reflection (native image).
        this.producer = new KafkaProducer<>(producerConfig(kafka, config.kafka().producer()), new StringSerializer(),
                new ByteArraySerializer());
        this.records = new ReadingRecords(config.kafka().rawTopic(), config.kafka().readingsTopic(),
                config.kafka().statusTopic(), config.kafka().deadLetterTopic());
    }

    /**
     * Connection settings from {@code kafka.*}, tuning from {@code meterlink.ingest.kafka.producer.*}, and the settings the
     * settle-after-durable guarantee depends on, which configuration cannot weaken.
     */
    static Map<String, Object> producerConfig(Map<String, Object> kafka, Map<String, String> tuning) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.putAll(tuning);
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

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
