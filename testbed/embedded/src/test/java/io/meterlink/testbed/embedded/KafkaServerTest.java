package io.meterlink.testbed.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaServerTest {

    @Test
    void producedRecordsAreConsumedWithKeyAndValue() throws Exception {
        KafkaServer kafka = EmbeddedInfrastructure.kafka();
        kafka.createTopic("roundtrip", 2);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("roundtrip", "meter-0001", "DE02,10,17,011101010,am024,1d478f")).get();
            producer.send(new ProducerRecord<>("roundtrip", "meter-0002", "DE02,10,31,011101010,am000,1")).get();
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("roundtrip"));
            Instant deadline = Instant.now().plusSeconds(30);
            while (received.size() < 2 && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertEquals(2, received.size());
        Map<String, String> byKey = Map.of(received.get(0).key(), received.get(0).value(),
                received.get(1).key(), received.get(1).value());
        assertEquals("DE02,10,17,011101010,am024,1d478f", byKey.get("meter-0001"));
        assertEquals("DE02,10,31,011101010,am000,1", byKey.get("meter-0002"));
    }
}
