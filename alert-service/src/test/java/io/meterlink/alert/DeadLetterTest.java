package io.meterlink.alert;

import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A record that is not a reading event is parked with its reason and does not hold up the readings behind it. */
@QuarkusTest
class DeadLetterTest extends AlertServiceTestBase {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicWithItsReason() {
        String meter = newMeter("garbage");
        byte[] garbage = "DE02,10,17,011101010,am024,1d478f".getBytes(StandardCharsets.UTF_8);
        readings().sendRaw(meter, garbage);
        readings().send("pk-dlq", meter, alarm(5, 1));

        awaitAlert("pk-dlq", meter, "alarm_code", AlertStatus.OPEN);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("alert.readings.dlq"));
            List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (meter.equals(r.key())) {
                        mine.add(r);
                    }
                });
                return !mine.isEmpty();
            });
            ConsumerRecord<String, byte[]> parked = mine.get(0);
            assertArrayEquals(garbage, parked.value());
            String reason = new String(parked.headers().lastHeader("reason").value(), StandardCharsets.UTF_8);
            assertTrue(reason.contains("not valid JSON"), reason);
            assertEquals("meter.readings",
                    new String(parked.headers().lastHeader("sourceTopic").value(), StandardCharsets.UTF_8));
        }
    }
}
