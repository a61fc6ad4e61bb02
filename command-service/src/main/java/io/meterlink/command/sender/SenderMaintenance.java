package io.meterlink.command.sender;

import io.meterlink.command.gateway.LegacyGateway;
import io.meterlink.command.metrics.CommandMetrics;
import io.meterlink.command.model.CommandState;
import io.meterlink.command.repository.CommandJobRepository;
import io.meterlink.command.repository.CommandQueue;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Periodic housekeeping every replica runs (each step is one idempotent statement, so replicas running it at the
 * same time do no harm): in-doubt recovery, TTL expiry, job completion, and the database-backed gauges.
 */
@ApplicationScoped
public class SenderMaintenance {

    private static final Logger LOG = Logger.getLogger(SenderMaintenance.class);

    private final CommandQueue queue;
    private final CommandJobRepository jobs;
    private final CommandMetrics metrics;
    private final LegacyGateway legacy;

    public SenderMaintenance(CommandQueue queue, CommandJobRepository jobs, CommandMetrics metrics,
            LegacyGateway legacy) {
        this.queue = queue;
        this.jobs = jobs;
        this.metrics = metrics;
        this.legacy = legacy;
    }

    @Scheduled(every = "${meterlink.command.sender.maintenance-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            recover();
            int expired = queue.expireOverdue();
            if (expired > 0) {
                LOG.infof("%d commands expired before they could be sent", expired);
                metrics.transition(CommandState.EXPIRED, expired);
            }
            int completed = jobs.completeFinished();
            if (completed > 0) {
                LOG.infof("%d jobs completed", completed);
            }
            metrics.jobProgress(jobs.openJobsProgress());
            metrics.open(queue.openCounts());
            metrics.legacyConnected(legacy.isConnected());
        } catch (RuntimeException e) {
            LOG.warnf("maintenance sweep failed, next one retries: %s", e.getMessage());
        }
    }

    /**
     * The crash recovery: SENDING commands whose sender's lease ran out are failed as in doubt (see
     * {@link CommandQueue#recoverInDoubt()}). Runs before a sender starts and in every sweep.
     *
     * @return how many were found
     */
    public int recover() {
        List<UUID> inDoubt = queue.recoverInDoubt();
        if (!inDoubt.isEmpty()) {
            LOG.warnf("%d commands were being sent by a sender that stopped; failed as %s, not resent: %s",
                    inDoubt.size(), CommandQueue.IN_DOUBT, inDoubt.size() <= 20 ? inDoubt : inDoubt.subList(0, 20));
            metrics.inDoubt(inDoubt.size());
            metrics.transition(CommandState.FAILED, inDoubt.size());
        }
        return inDoubt.size();
    }
}
