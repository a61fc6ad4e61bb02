package io.meterlink.alert.service;

import io.meterlink.alert.config.NotifyConfig;
import io.meterlink.alert.config.SmsConfig;
import io.meterlink.alert.notification.OnCallRouting;
import io.meterlink.alert.notification.StormGate;
import io.meterlink.alert.notification.SummaryComposer;
import io.meterlink.alert.repository.AdvisoryLocks;
import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.NotificationState;
import io.meterlink.alert.repository.SmsKind;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends the storm summary: once alerts waiting for one stop arriving (or the oldest has waited long enough), every
 * recipient gets one SMS counting their waiting alerts by rule and product. One replica at a time summarizes
 * (advisory lock), so a storm never produces one summary per replica.
 */
@ApplicationScoped
public class StormSummarizer {

    private static final Logger LOG = Logger.getLogger(StormSummarizer.class);
    /** Alerts one summary transaction covers; a bigger storm gets its remainder in the next summary. */
    private static final int MAX_PER_SUMMARY = 50_000;

    @Inject
    AlertRepository alerts;

    @Inject
    AdvisoryLocks locks;

    @Inject
    OnCallDirectory onCall;

    @Inject
    AlertNotifier notifier;

    @Inject
    SummaryComposer composer;

    @Inject
    StormGate stormGate;

    @Inject
    NotifyConfig config;

    @Inject
    SmsConfig smsConfig;

    @Inject
    AlertMetrics metrics;

    @Scheduled(every = "${meterlink.alert.notify.storm.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            summarize();
        } catch (RuntimeException e) {
            LOG.warnf("storm summary failed, retrying at the next check: %s", e.toString());
        }
    }

    /** Queues a summary if one is due; returns how many alerts it covered. */
    @Transactional
    public int summarize() {
        if (!locks.tryLock(AdvisoryLocks.SUMMARY)) {
            return 0;
        }
        Instant[] span = alerts.summaryPendingSpan();
        if (span[0] == null) {
            return 0;
        }
        Instant now = Instant.now();
        boolean settled = !span[1].plus(config.storm().settle()).isAfter(now);
        boolean waitedEnough = !span[0].plus(config.storm().maxDelay()).isAfter(now);
        if (!settled && !waitedEnough) {
            return 0;
        }
        List<Alert> pending = alerts.claimSummaryPending(MAX_PER_SUMMARY);
        if (pending.isEmpty()) {
            return 0;
        }
        long summaryId = alerts.nextSummaryId();
        OnCallRouting routing = onCall.current();
        Map<String, List<SummaryComposer.Item>> byRecipient = new LinkedHashMap<>();
        for (Alert a : pending) {
            SummaryComposer.Item item = new SummaryComposer.Item(a.rule, a.productKey);
            for (String number : routing.recipientsFor(a.productKey)) {
                byRecipient.computeIfAbsent(number, n -> new ArrayList<>()).add(item);
            }
            a.notification = NotificationState.SUMMARIZED;
            a.summaryId = summaryId;
            a.lastNotifiedAt = now;
            a.notifyCount++;
        }
        byRecipient.forEach((number, items) -> notifier.queue(SmsKind.SUMMARY, null, summaryId, number,
                smsConfig.summaryTemplate(), composer.compose(items, stormGate.window()).toJson(), now));
        notifier.fireQueued(byRecipient.size());
        metrics.stormSummarized(pending.size());
        LOG.infof("storm summary %d: %d alerts, %d recipients", summaryId, pending.size(), byRecipient.size());
        return pending.size();
    }
}
