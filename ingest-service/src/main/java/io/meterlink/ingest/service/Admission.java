package io.meterlink.ingest.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Back-pressure between the AMQP links and the batch workers. A delivery is admitted while fewer than
 * {@code capacity} are unsettled and the pipeline is not paused; otherwise its admission completes later, which stops
 * the link's stream from asking for more (the broker keeps the rest behind the link credit). A pause after a failed
 * batch keeps released messages from bouncing straight back into a database or Kafka that is still down.
 */
public final class Admission {

    private static final CompletableFuture<Void> ADMITTED = CompletableFuture.completedFuture(null);

    private final int capacity;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int inFlight;
    private long pausedUntilNanos;
    private boolean wakeScheduled;
    private boolean closed;

    /**
     * @param timer runs the wake-up at the end of a pause; its thread completes the waiting admissions
     */
    public Admission(int capacity, ScheduledExecutorService timer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.timer = timer;
    }

    /** Completes when the delivery may enter the pipeline; it then counts as in flight until {@link #release}. */
    public CompletionStage<Void> acquire() {
        synchronized (this) {
            if (!closed && waiting.isEmpty() && inFlight < capacity && !paused()) {
                inFlight++;
                return ADMITTED;
            }
            CompletableFuture<Void> admission = new CompletableFuture<>();
            waiting.add(admission);
            return admission;
        }
    }

    /** {@code count} deliveries were settled (accepted or released). */
    public void release(int count) {
        List<CompletableFuture<Void>> admitted;
        synchronized (this) {
            inFlight -= count;
            admitted = admitNext();
        }
        admitted.forEach(f -> f.complete(null));
    }

    /** No admissions for {@code pause}; deliveries already in flight continue. */
    public void pause(Duration pause) {
        synchronized (this) {
            long until = System.nanoTime() + pause.toNanos();
            if (until - pausedUntilNanos > 0) {
                pausedUntilNanos = until;
            }
            scheduleWake();
        }
    }

    /** Stops admitting for good (shutdown): waiting admissions never complete, so no new message enters. */
    public synchronized void close() {
        closed = true;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int waiting() {
        return waiting.size();
    }

    public synchronized boolean isPaused() {
        return paused();
    }

    private boolean paused() {
        return System.nanoTime() - pausedUntilNanos < 0;
    }

    private List<CompletableFuture<Void>> admitNext() {
        if (closed || waiting.isEmpty()) {
            return List.of();
        }
        if (paused()) {
            scheduleWake();
            return List.of();
        }
        List<CompletableFuture<Void>> admitted = new ArrayList<>();
        while (inFlight < capacity && !waiting.isEmpty()) {
            inFlight++;
            admitted.add(waiting.poll());
        }
        return admitted;
    }

    private void scheduleWake() {
        if (wakeScheduled) {
            return;
        }
        wakeScheduled = true;
        long delay = Math.max(0, pausedUntilNanos - System.nanoTime());
        timer.schedule(this::wake, delay, TimeUnit.NANOSECONDS);
    }

    private void wake() {
        List<CompletableFuture<Void>> admitted;
        synchronized (this) {
            wakeScheduled = false;
            admitted = admitNext();
        }
        admitted.forEach(f -> f.complete(null));
    }
}
