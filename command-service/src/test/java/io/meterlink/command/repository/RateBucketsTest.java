package io.meterlink.command.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL token bucket every replica draws Pub permits from: never more than capacity + rate × elapsed,
 * however many callers draw at once, and a refusal says how long to wait.
 */
@QuarkusTest
class RateBucketsTest {

    @Inject
    RateBuckets buckets;

    @Test
    void aFullBucketGrantsItsCapacityThenRefusesWithAWait() {
        String name = "test-capacity-" + System.nanoTime();
        assertEquals(5, buckets.take(name, 5, 1.0, 5).granted());
        RateBuckets.Grant refused = buckets.take(name, 1, 1.0, 5);
        assertEquals(0, refused.granted());
        assertTrue(refused.waitMillis() > 0 && refused.waitMillis() <= 1000, "wait " + refused.waitMillis());
    }

    @Test
    void grantsPartOfABatchWhenThatIsAllThereIs() {
        String name = "test-partial-" + System.nanoTime();
        assertEquals(3, buckets.take(name, 3, 0.001, 5).granted());
        assertEquals(2, buckets.take(name, 10, 0.001, 5).granted());
    }

    @Test
    void concurrentCallersNeverGetMoreThanCapacityPlusRateTimesElapsed() throws Exception {
        String name = "test-concurrent-" + System.nanoTime();
        double rate = 200;
        int capacity = 20;
        int threads = 8;
        int drawsPerThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                int granted = 0;
                for (int i = 0; i < drawsPerThread; i++) {
                    granted += buckets.take(name, 3, rate, capacity).granted();
                }
                return granted;
            }));
        }
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get();
        }
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        // 3,600 tokens were asked for; the bucket may only hand out its capacity plus what refilled meanwhile.
        assertTrue(total > capacity, "nothing refilled: " + total);
        assertTrue(total <= capacity + rate * elapsedSeconds,
                "granted " + total + " in " + elapsedSeconds + " s exceeds " + capacity + " + " + rate + "/s");
    }
}
