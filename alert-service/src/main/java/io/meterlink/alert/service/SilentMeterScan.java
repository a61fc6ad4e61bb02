package io.meterlink.alert.service;

import io.meterlink.alert.config.RulesConfig;
import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.TrackedMeter;
import io.meterlink.alert.repository.TrackedMeterRepository;
import io.meterlink.alert.rule.ReadingRules;
import io.meterlink.alert.rule.RuleIds;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds meters that stopped reporting and opens a missing-report alert for each. Every replica runs the scan; each
 * transaction claims its meters with {@code FOR UPDATE SKIP LOCKED}, so replicas split the work instead of doubling
 * it, and a meter whose reading is being applied right now is simply left for the next scan.
 */
@ApplicationScoped
public class SilentMeterScan {

    private static final Logger LOG = Logger.getLogger(SilentMeterScan.class);

    @Inject
    TrackedMeterRepository meters;

    @Inject
    AlertRepository alerts;

    @Inject
    AlertBook book;

    @Inject
    AlertNotifier notifier;

    @Inject
    ReadingRules rules;

    @Inject
    RulesConfig config;

    @Scheduled(every = "${meterlink.alert.rules.missing-report.scan-every}",
            delayed = "${meterlink.alert.rules.missing-report.scan-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        if (!rules.settings().missingReport()) {
            return;
        }
        try {
            int batch = config.missingReport().scanBatch();
            while (scanOnce(batch) == batch) {
                // A full batch means more silent meters may be waiting.
            }
        } catch (RuntimeException e) {
            // The next run retries; silent meters stay claimable until their alert is committed.
            LOG.warnf("missing-report scan failed, retrying at the next run: %s", e.toString());
        }
    }

    /** Opens alerts for up to {@code limit} silent meters; returns how many meters it claimed. */
    @Transactional
    public int scanOnce(int limit) {
        Instant now = Instant.now();
        List<TrackedMeter> silent = meters.claimSilent(now, limit);
        if (silent.isEmpty()) {
            return 0;
        }
        List<String> names = silent.stream().map(m -> m.deviceName).toList();
        Map<String, Alert> openMissing = new HashMap<>();
        for (Alert a : alerts.lockUnresolvedFor(names)) {
            if (RuleIds.MISSING_REPORT.equals(a.rule)) {
                openMissing.put(a.productKey + '/' + a.deviceName, a);
            }
        }
        List<Alert> opened = new ArrayList<>();
        for (TrackedMeter m : silent) {
            if (!openMissing.containsKey(m.productKey + '/' + m.deviceName)) {
                opened.add(book.open(m.productKey, m.deviceName, RuleIds.MISSING_REPORT,
                        "no report since " + m.lastReadingAt.truncatedTo(ChronoUnit.SECONDS), now, null));
            }
            // Not silent "again" until it reports: its next reading resolves the alert and sets a new deadline.
            m.silentAfter = null;
            m.updatedAt = now;
        }
        notifier.opened(opened, now);
        return silent.size();
    }
}
