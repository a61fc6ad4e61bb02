package io.meterlink.ingest.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Admitted deliveries waiting for a worker. A worker takes a batch of at most {@code size} deliveries, waiting at
 * most {@code maxWait} after the first one for the batch to fill, so a quiet period costs latency {@code maxWait} and
 * a burst yields full batches. Unbounded: {@link Admission} bounds what can be in it.
 */
public final class BatchQueue {

    private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final int size;
    private final long maxWaitNanos;

    public BatchQueue(int size, java.time.Duration maxWait) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.size = size;
        this.maxWaitNanos = maxWait.toNanos();
    }

    public void add(Delivery delivery) {
        queue.add(delivery);
    }

    /**
     * The next batch; empty when nothing arrived within {@code idle}.
     *
     * @throws InterruptedException when the worker is being stopped
     */
    public List<Delivery> next(java.time.Duration idle) throws InterruptedException {
        Delivery first = queue.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return List.of();
        }
        List<Delivery> batch = new ArrayList<>(size);
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < size) {
            if (queue.drainTo(batch, size - batch.size()) > 0) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Delivery next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    /** Everything still waiting (shutdown: released so the platform redelivers it at once). */
    public List<Delivery> drain() {
        List<Delivery> rest = new ArrayList<>();
        queue.drainTo(rest);
        return rest;
    }

    public int waiting() {
        return queue.size();
    }
}
