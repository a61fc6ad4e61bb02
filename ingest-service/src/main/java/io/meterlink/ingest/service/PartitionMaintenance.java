package io.meterlink.ingest.service;

import io.meterlink.ingest.config.IngestConfig;
import io.meterlink.ingest.repository.ReadingPartitions;
import io.meterlink.ingest.repository.RejectedMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Keeps the daily partitions of {@code ingest.reading} ahead of the clock and applies retention: at start-up and
 * then daily (cron {@code meterlink.ingest.partitions.maintenance-cron}, UTC) it creates the partitions from
 * {@code days-behind} days ago to {@code days-ahead} days ahead, drops the partitions older than
 * {@code retention-days} and deletes rejected messages of the same age. Safe to run on every replica at once.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);

    private final ReadingPartitions partitions;
    private final IngestConfig.Partitions config;

    public PartitionMaintenance(ReadingPartitions partitions, IngestConfig config) {
        this.partitions = partitions;
        this.config = config.partitions();
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        run(LocalDate.now(ZoneOffset.UTC));
    }

    @Scheduled(cron = "{meterlink.ingest.partitions.maintenance-cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        try {
            run(LocalDate.now(ZoneOffset.UTC));
        } catch (SQLException | RuntimeException e) {
            // The next run (or a batch reaching a missing day) creates what is missing; retention waits a day.
            LOG.errorf(e, "partition maintenance failed");
        }
    }

    /** One maintenance pass as if today were {@code today}. */
    public void run(LocalDate today) throws SQLException {
        partitions.ensureRange(today.minusDays(config.daysBehind()), today.plusDays(config.daysAhead()));
        LocalDate cutoff = today.minusDays(config.retentionDays());
        partitions.dropBefore(cutoff);
        long deleted = QuarkusTransaction.requiringNew()
                .call(() -> RejectedMessage.deleteReceivedBefore(cutoff.atStartOfDay(ZoneOffset.UTC).toInstant()));
        if (deleted > 0) {
            LOG.infof("retention deleted %d rejected message(s) received before %s", deleted, cutoff);
        }
    }
}
