package io.meterlink.ingest.service;

import io.meterlink.ingest.config.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Connects the AMQP links to the batch workers: admits deliveries (back-pressure), groups them into batches, has
 * each batch made durable by {@link BatchProcessor}, and only then settles it. A batch that fails is released for
 * redelivery as a whole and admission pauses with exponential back-off, so an unavailable database or Kafka costs
 * neither data nor a hot redelivery loop.
 *
 * <p>A worker that an {@link Error} ends is logged as such and replaced, unless the error is a
 * {@link VirtualMachineError} (out of memory, stack overflow), after which nothing in the JVM is trustworthy. Each
 * worker beats a heartbeat on every turn of its loop; {@link #stalledWorkers()} names the workers that are dead or
 * have not beaten for {@code meterlink.ingest.batch.stall-timeout}, and liveness turns DOWN on any of them, because a
 * stuck worker holds deliveries unsettled on a live link, which the platform never redelivers.
 */
@ApplicationScoped
public class IngestPipeline {

    private static final Logger LOG = Logger.getLogger(IngestPipeline.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(250);
    private static final long SHUTDOWN_WAIT_MS = 10_000;

    private final BatchProcessor processor;
    private final IngestMetrics metrics;
    private final Admission admission;
    private final BatchQueue queue;
    private final ScheduledExecutorService timer;
    private final int workerCount;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration stallTimeout;
    private final Thread[] workers;
    private final AtomicLongArray heartbeats;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile boolean running;
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;
    private volatile Instant lastSuccessAt;

    public IngestPipeline(IngestConfig config, BatchProcessor processor, MeterRegistry registry) {
        this.processor = processor;
        this.metrics = new IngestMetrics(registry);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-admission");
            t.setDaemon(true);
            return t;
        });
        this.admission = new Admission(config.batch().maxInFlight(), timer);
        this.queue = new BatchQueue(config.batch().size(), config.batch().maxWait());
        this.workerCount = config.batch().workers();
        this.stallTimeout = config.batch().stallTimeout();
        this.workers = new Thread[workerCount];
        this.heartbeats = new AtomicLongArray(workerCount);
        this.initialBackoff = config.recovery().initialBackoff();
        this.maxBackoff = config.recovery().maxBackoff();
        metrics.gauge("ingest.inflight", "Deliveries received and not yet settled", admission::inFlight);
        metrics.gauge("ingest.admission.waiting", "Links waiting for room in the pipeline", admission::waiting);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        for (int slot = 0; slot < workerCount; slot++) {
            startWorker(slot, "ingest-batch-" + (slot + 1));
        }
    }

    private synchronized void startWorker(int slot, String name) {
        heartbeats.set(slot, System.nanoTime());
        Thread worker = new Thread(() -> work(slot), name);
        worker.setDaemon(true);
        workers[slot] = worker;
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        admission.close();
        running = false;
        long deadline = System.currentTimeMillis() + SHUTDOWN_WAIT_MS;
        for (Thread worker : workerThreads()) {
            try {
                worker.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Delivery> rest = queue.drain();
        RuntimeException cause = new IllegalStateException("ingest-service is shutting down");
        rest.forEach(d -> d.settlement().release(cause));
        timer.shutdownNow();
        LOG.infof("pipeline stopped; %d queued deliveries released for redelivery", rest.size());
    }

    /**
     * Hands a delivery to the pipeline. The returned stage completes once it is admitted; the link asks for the next
     * message only then. Settlement happens later, when its batch is durable.
     */
    public CompletionStage<Void> submit(Delivery delivery) {
        metrics.received();
        return admission.acquire().thenRun(() -> queue.add(delivery));
    }

    private void work(int slot) {
        try {
            while (running) {
                heartbeats.set(slot, System.nanoTime());
                List<Delivery> batch;
                try {
                    batch = queue.next(IDLE_POLL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!batch.isEmpty()) {
                    process(batch);
                }
            }
        } catch (Error e) {
            // Logged (and the worker replaced) here; the thread then ends normally instead of reaching the
            // uncaught-exception handler a second time.
            workerDied(slot, e);
        }
    }

    /** Says loudly that a worker is gone; replaces it unless the JVM itself is in trouble. */
    private void workerDied(int slot, Error e) {
        metrics.workerDied();
        String name = Thread.currentThread().getName();
        if (!running) {
            return;
        }
        if (e instanceof VirtualMachineError) {
            LOG.fatalf(e, "batch worker %s died of %s and is not replaced; liveness is DOWN until the pod restarts",
                    name, e.getClass().getSimpleName());
            return;
        }
        LOG.fatalf(e, "batch worker %s died of %s (its batch was released for redelivery); starting a replacement",
                name, e.getClass().getSimpleName());
        startWorker(slot, name);
    }

    private void process(List<Delivery> batch) {
        long start = System.nanoTime();
        try {
            BatchOutcome outcome = processor.process(batch);
            settle(batch, outcome, start);
            consecutiveFailures.set(0);
            lastSuccessAt = Instant.now();
        } catch (Exception e) {
            fail(batch, e);
        } catch (Error e) {
            // Hand the messages back before the worker dies; the platform redelivers them to whoever is left.
            fail(batch, e);
            throw e;
        } finally {
            admission.release(batch.size());
        }
    }

    private void settle(List<Delivery> batch, BatchOutcome outcome, long start) {
        long nowNanos = System.nanoTime();
        long nowMs = System.currentTimeMillis();
        for (Delivery delivery : batch) {
            delivery.settlement().accept();
            metrics.settled(delivery.receivedNanos(), nowNanos);
        }
        for (Verdict.Accepted stored : outcome.stored()) {
            metrics.lag(nowMs - stored.generateTimeMs());
        }
        for (Verdict.Rejected r : outcome.rejected()) {
            metrics.rejected(r.reason());
            LOG.warnf("rejected message %s from %s/%s: %s (%s)",
                    r.messageId() == null ? "without messageId" : r.messageId(),
                    r.productKey() == null ? "?" : r.productKey(), r.deviceName() == null ? "?" : r.deviceName(),
                    r.reason(), r.detail());
        }
        for (Verdict duplicate : outcome.duplicates()) {
            if (LOG.isDebugEnabled()) {
                LOG.debugf("duplicate delivery of message %s settled without writing",
                        duplicate.delivery().messageId());
            }
        }
        metrics.stored(outcome.stored().size());
        metrics.duplicates(outcome.duplicates().size());
        metrics.statuses(outcome.statuses().size());
        metrics.batch(batch.size(), nowNanos - start);
    }

    private void fail(List<Delivery> batch, Throwable e) {
        int failures = consecutiveFailures.incrementAndGet();
        Duration pause = backoff(failures);
        lastFailure = e.getClass().getSimpleName() + ": " + rootMessage(e);
        lastFailureAt = Instant.now();
        metrics.batchFailed();
        admission.pause(pause);
        for (Delivery delivery : batch) {
            delivery.settlement().release(e);
        }
        if (failures == 1) {
            LOG.errorf(e, "batch of %d released for redelivery; pausing %d ms", batch.size(), pause.toMillis());
        } else {
            LOG.errorf("batch of %d released for redelivery (%d failures in a row, pausing %d ms): %s", batch.size(),
                    failures, pause.toMillis(), lastFailure);
        }
    }

    Duration backoff(int failures) {
        long factor = 1L << Math.min(failures - 1, 20);
        long ms = initialBackoff.toMillis() * factor;
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** Failed batches in a row; 0 once a batch succeeded. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** The latest failure, without stack trace; null if none yet. */
    public String lastFailure() {
        return lastFailure;
    }

    public Instant lastFailureAt() {
        return lastFailureAt;
    }

    public Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    public int inFlight() {
        return admission.inFlight();
    }

    public boolean paused() {
        return admission.isPaused();
    }

    public boolean running() {
        return running;
    }

    /**
     * Workers that cannot take batches: ended, or stuck in one turn of their loop (one batch included) for longer than
     * the stall timeout. Empty while the pipeline runs as it should, and before it starts.
     */
    public List<String> stalledWorkers() {
        List<String> stalled = new ArrayList<>();
        if (!running) {
            return stalled;
        }
        long now = System.nanoTime();
        Thread[] threads = workerThreads();
        for (int slot = 0; slot < threads.length; slot++) {
            Thread worker = threads[slot];
            if (worker == null) {
                continue;
            }
            if (!worker.isAlive()) {
                stalled.add(worker.getName() + " ended");
            } else if (now - heartbeats.get(slot) > stallTimeout.toNanos()) {
                stalled.add(worker.getName() + " stuck for "
                        + Duration.ofNanos(now - heartbeats.get(slot)).toSeconds() + " s");
            }
        }
        return stalled;
    }

    /** Batch workers configured. */
    public int workerCount() {
        return workerCount;
    }

    private synchronized Thread[] workerThreads() {
        return workers.clone();
    }
}
