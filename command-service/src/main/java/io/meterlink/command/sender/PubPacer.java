package io.meterlink.command.sender;

import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.repository.RateBuckets;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Paces Pub calls to the account-wide QPS. Permits come from one token bucket in PostgreSQL shared by every replica
 * and by single commands and jobs alike; a replica takes a small batch per round trip (about 10 ms worth) and
 * hands them to its workers. Permits not used within {@link #PERMIT_LIFETIME} are dropped, so a replica never
 * spends an old allowance in a later second.
 */
@ApplicationScoped
public class PubPacer {

    /** The bucket every replica shares. */
    public static final String BUCKET = "pub";
    static final long PERMIT_LIFETIME = TimeUnit.MILLISECONDS.toNanos(100);

    private final RateBuckets buckets;
    private final double qps;
    private final int burst;
    private final int batch;
    private final ReentrantLock lock = new ReentrantLock();
    private int local;
    private long grantedAt;
    private long pausedUntil;

    public PubPacer(RateBuckets buckets, CommandServiceConfig config) {
        this.buckets = buckets;
        this.qps = config.pacing().pubQps();
        this.burst = Math.max(1, config.pacing().burst());
        int configured = config.pacing().permitBatch();
        this.batch = Math.min(burst, configured > 0 ? configured : (int) Math.max(1, Math.round(qps / 100)));
        // nanoTime has an arbitrary origin: start "not paused" relative to now, not to zero.
        this.pausedUntil = System.nanoTime();
        this.grantedAt = pausedUntil - PERMIT_LIFETIME;
    }

    /** Blocks until this replica may make one Pub call. */
    public void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = System.nanoTime();
                if (pausedUntil - now > 0) {
                    TimeUnit.NANOSECONDS.sleep(pausedUntil - now);
                    continue;
                }
                if (local > 0 && now - grantedAt < PERMIT_LIFETIME) {
                    local--;
                    return;
                }
                RateBuckets.Grant grant = buckets.take(BUCKET, batch, qps, burst);
                if (grant.granted() > 0) {
                    local = grant.granted();
                    grantedAt = System.nanoTime();
                } else {
                    // Holding the lock while waiting is the point: the other workers would only ask the same question.
                    TimeUnit.MILLISECONDS.sleep(grant.waitMillis());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns an unused permit (the claimed command turned out to be a legacy one, or there was none). */
    public void release() {
        lock.lock();
        try {
            if (System.nanoTime() - grantedAt < PERMIT_LIFETIME) {
                local++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops this replica's Pub calls for a while after the platform throttled one. */
    public void pause(Duration duration) {
        lock.lock();
        try {
            long until = System.nanoTime() + duration.toNanos();
            if (until - pausedUntil > 0) {
                pausedUntil = until;
            }
            local = 0;
        } finally {
            lock.unlock();
        }
    }

    public double qps() {
        return qps;
    }
}
