package io.meterlink.command.sender;

import io.meterlink.command.gateway.LegacyGateway;
import io.meterlink.command.metrics.CommandMetrics;
import io.meterlink.command.model.CommandState;
import io.meterlink.command.repository.CommandJobRepository;
import io.meterlink.command.repository.CommandOutbox;
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

    private final CommandOutbox outbox;
    private final CommandJobRepository jobs;
    private final CommandMetrics metrics;
    private final LegacyGateway legacy;

    public SenderMaintenance(CommandOutbox outbox, CommandJobRepository jobs, CommandMetrics metrics,
            LegacyGateway legacy) {
        this.outbox = outbox;
        this.jobs = jobs;
        this.metrics = metrics;
        this.legacy = legacy;
    }

    @Scheduled(every = "${meterlink.command.sender.maintenance-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            recover();
            int expired = outbox.expireOverdue();
            if (expired > 0) {
                LOG.infof("%d commands expired before they could be sent", expired);
                metrics.transition(CommandState.EXPIRED, expired);
            }
            int completed = jobs.completeFinished();
            if (completed > 0) {
                LOG.infof("%d jobs completed", completed);
            }
            metrics.jobProgress(jobs.openJobsProgress());
            metrics.open(outbox.openCounts());
            metrics.legacyConnected(legacy.isConnected());
        } catch (RuntimeException e) {
            LOG.warnf("maintenance sweep failed, next one retries: %s", e.getMessage());
        }
    }

    /**
     * The crash recovery: SENDING commands whose sender's lease ran out are failed as in doubt (see
     * {@link CommandOutbox#recoverInDoubt()}). Runs before a sender starts and in every sweep.
     *
     * @return how many were found
     */
    public int recover() {
        List<UUID> inDoubt = outbox.recoverInDoubt();
        if (!inDoubt.isEmpty()) {
            LOG.warnf("%d commands were being sent by a sender that stopped; failed as %s, not resent: %s",
                    inDoubt.size(), CommandOutbox.IN_DOUBT, inDoubt.size() <= 20 ? inDoubt : inDoubt.subList(0, 20));
            metrics.inDoubt(inDoubt.size());
            metrics.transition(CommandState.FAILED, inDoubt.size());
        }
        return inDoubt.size();
    }
}
