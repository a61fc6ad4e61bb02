package io.meterlink.ingest.messaging;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka unreachable for the producer (a bootstrap address where nothing listens, so no topic metadata ever arrives):
 * a batch must give up as a unit within about one timeout, not block {@code max.block.ms} once per record.
 */
class KafkaOutageTest {

    private static final int RECORDS = 100;
    private static final Duration MAX_BLOCK = Duration.ofMillis(400);

    @Test
    void batchWithoutKafkaMetadataFailsWithinOneTimeoutNotOncePerRecord() throws Exception {
        Map<String, Object> config = KafkaRecordPublisher.producerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort()), Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(MAX_BLOCK.toMillis()),
                ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "50"), Duration.ofSeconds(2));
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(config,
                new ReadingRecords("cdb.data.post", "meter.readings", "meter.status", "meter.readings.dlq"));
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            batch.add(new ProducerRecord<>("cdb.data.post", "meter-" + i,
                    "DE02,10,17,011101010,am000,10".getBytes(StandardCharsets.US_ASCII)));
        }
        try {
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    publisher.publishAll(batch, Duration.ofSeconds(2));
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            // Per record, this would take RECORDS x MAX_BLOCK = 40 s; the limit is a tenfold margin over one timeout.
            await().atMost(Duration.ofSeconds(20)).until(outcome::isDone);
            assertTrue(outcome.join() != null, "a batch Kafka never acknowledged must fail");
        } finally {
            publisher.close();
        }
    }

    /** A port nothing listens on: bound once to get a free one, then closed. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
