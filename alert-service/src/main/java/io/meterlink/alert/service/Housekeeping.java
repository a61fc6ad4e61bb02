package io.meterlink.alert.service;

import io.meterlink.alert.config.ReadingsConfig;
import io.meterlink.alert.repository.AdvisoryLocks;
import io.meterlink.alert.repository.ProcessedMessages;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Forgets message ids older than the de-duplication retention, in small transactions so the purge never holds
 * many locks; alerts and SMS are history and are kept.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private static final int PURGE_BATCH = 10_000;

    @Inject
    ProcessedMessages processed;

    @Inject
    AdvisoryLocks locks;

    @Inject
    ReadingsConfig config;

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            int total = 0;
            int n;
            do {
                n = purgeOnce();
                total += n;
            } while (n == PURGE_BATCH);
            if (total > 0) {
                LOG.infof("forgot %d processed message ids older than %s", total, config.dedupRetention());
            }
        } catch (RuntimeException e) {
            LOG.warnf("purging processed message ids failed, retrying in an hour: %s", e.toString());
        }
    }

    @Transactional
    public int purgeOnce() {
        if (!locks.tryLock(AdvisoryLocks.PURGE)) {
            return 0;
        }
        return processed.purge(Instant.now().minus(config.dedupRetention()), PURGE_BATCH);
    }
}
