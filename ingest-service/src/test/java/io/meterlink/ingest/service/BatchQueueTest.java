package io.meterlink.ingest.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches are cut by size under load and by time when quiet. */
class BatchQueueTest {

    @Test
    void aBurstIsCutIntoFullBatches() throws InterruptedException {
        BatchQueue queue = new BatchQueue(3, Duration.ofSeconds(10));
        for (int i = 0; i < 7; i++) {
            queue.add(delivery(i));
        }
        assertEquals(List.of("0", "1", "2"), ids(queue.next(Duration.ofSeconds(1))));
        assertEquals(List.of("3", "4", "5"), ids(queue.next(Duration.ofSeconds(1))));
        assertEquals(1, queue.waiting());
    }

    @Test
    void aPartialBatchLeavesAfterMaxWait() throws InterruptedException {
        BatchQueue queue = new BatchQueue(100, Duration.ofMillis(50));
        queue.add(delivery(1));
        queue.add(delivery(2));
        assertEquals(List.of("1", "2"), ids(queue.next(Duration.ofSeconds(1))));
    }

    @Test
    void nothingArrivingYieldsAnEmptyBatch() throws InterruptedException {
        assertTrue(new BatchQueue(10, Duration.ofMillis(5)).next(Duration.ofMillis(20)).isEmpty());
    }

    @Test
    void drainReturnsWhatIsLeft() {
        BatchQueue queue = new BatchQueue(10, Duration.ofMillis(5));
        queue.add(delivery(1));
        assertEquals(List.of("1"), ids(queue.drain()));
        assertEquals(0, queue.waiting());
    }

    private static List<String> ids(List<Delivery> batch) {
        return batch.stream().map(Delivery::messageId).toList();
    }

    private static Delivery delivery(int id) {
        return new Delivery("/a1MeterLink/meter-000001/user/data/up", Integer.toString(id), 1L, new byte[0],
                Instant.now(), 0, Settlements.NONE);
    }
}
