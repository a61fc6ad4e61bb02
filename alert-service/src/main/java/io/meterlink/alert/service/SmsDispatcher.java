package io.meterlink.alert.service;

import io.meterlink.alert.config.SmsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The outbox's sending threads. Each loops: send the next due SMS, or when none is due, wait until a transaction
 * queues one (woken right after its commit) or the poll interval passes (retries and capped numbers become due
 * with time).
 */
@ApplicationScoped
public class SmsDispatcher {

    private static final Logger LOG = Logger.getLogger(SmsDispatcher.class);

    @Inject
    SmsOutbox outbox;

    @Inject
    SmsConfig config;

    private final Semaphore wakeUp = new Semaphore(0);
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    void start(@Observes StartupEvent event) {
        running = true;
        for (int i = 0; i < config.workers(); i++) {
            Thread t = new Thread(this::loop, "sms-sender-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUp.release(workers.size());
        for (Thread t : workers) {
            try {
                t.join(config.readTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Wakes idle workers once the transaction that queued SMS has committed (not before: they would not see it). */
    void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) SmsQueued event) {
        wakeUp.release(Math.min(event.count(), Math.max(1, workers.size())));
    }

    /** Whether every sending thread is alive, for the liveness check. */
    public boolean healthy() {
        return running && workers.stream().allMatch(Thread::isAlive);
    }

    public int workerCount() {
        return workers.size();
    }

    private void loop() {
        long pollMillis = config.pollInterval().toMillis();
        while (running) {
            try {
                if (!outbox.sendNextDue()) {
                    wakeUp.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Database unavailable or similar: the row stays QUEUED; back off one poll interval.
                LOG.warnf("SMS outbox worker: %s", e.toString());
                try {
                    wakeUp.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
