package io.meterlink.alert.service;

import io.meterlink.alert.config.ReadingsConfig;
import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.NotificationState;
import io.meterlink.alert.repository.ProcessedMessages;
import io.meterlink.alert.repository.TrackedMeter;
import io.meterlink.alert.repository.TrackedMeterRepository;
import io.meterlink.alert.rule.Evaluation;
import io.meterlink.alert.rule.MeterState;
import io.meterlink.alert.rule.ReadingRules;
import io.meterlink.alert.rule.Verdict;
import io.meterlink.domain.event.ReadingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of readings in one transaction: remembers their ids, updates each meter's state, opens, confirms
 * and resolves alerts, and queues their SMS. Either all of it commits, and only then is the batch acknowledged to
 * Kafka, or none of it does and the batch is tried again.
 */
@ApplicationScoped
public class ReadingProcessor {

    /** Counts of what happened to a batch, for metrics and logs. */
    public record Outcome(int applied, int duplicates, int stale) {
    }

    @Inject
    ProcessedMessages processed;

    @Inject
    TrackedMeterRepository meters;

    @Inject
    AlertRepository alerts;

    @Inject
    ReadingRules rules;

    @Inject
    AlertBook book;

    @Inject
    AlertNotifier notifier;

    @Inject
    ReadingsConfig config;

    @Transactional
    public Outcome apply(List<IncomingReading> batch) {
        Instant now = Instant.now();
        Map<String, IncomingReading> byKey = new LinkedHashMap<>();
        for (IncomingReading r : batch) {
            byKey.putIfAbsent(r.dedupKey(), r);
        }
        Set<String> fresh = processed.claim(byKey.keySet(), now);
        List<IncomingReading> todo = new ArrayList<>(fresh.size());
        for (IncomingReading r : byKey.values()) {
            if (fresh.contains(r.dedupKey())) {
                todo.add(r);
            }
        }
        int duplicates = batch.size() - todo.size();
        if (todo.isEmpty()) {
            return new Outcome(0, duplicates, 0);
        }

        Set<TrackedMeter.Key> keys = new HashSet<>();
        Set<String> deviceNames = new HashSet<>();
        for (IncomingReading r : todo) {
            keys.add(new TrackedMeter.Key(r.event().productKey(), r.event().deviceName()));
            deviceNames.add(r.event().deviceName());
        }
        Map<TrackedMeter.Key, TrackedMeter> state = meters.lockAll(keys);
        Map<TrackedMeter.Key, Map<String, Alert>> open = new HashMap<>();
        for (Alert a : alerts.lockUnresolvedFor(deviceNames)) {
            TrackedMeter.Key key = new TrackedMeter.Key(a.productKey, a.deviceName);
            if (keys.contains(key)) {
                open.computeIfAbsent(key, k -> new HashMap<>()).put(a.rule, a);
            }
        }

        List<Alert> opened = new ArrayList<>();
        List<Alert> openedFromBacklog = new ArrayList<>();
        Set<Alert> renotify = new LinkedHashSet<>();
        // Received by the platform before this: a replay or a first deployment's backlog, news to nobody on call.
        Instant notifyAfter = now.minus(config.notifyMaxAge());
        int stale = 0;
        for (IncomingReading r : todo) {
            ReadingEvent event = r.event();
            TrackedMeter.Key key = new TrackedMeter.Key(event.productKey(), event.deviceName());
            Instant readingTime = event.generateTime() != null ? event.generateTime() : event.receivedAt();
            TrackedMeter meter = state.get(key);
            MeterState previous = meter == null ? MeterState.UNKNOWN : meter.toState();
            if (previous.supersedes(readingTime)) {
                // Arrived after a newer reading of the same meter (the platform does not keep order): applying it
                // would move the state backwards and could re-open what the newer reading resolved.
                stale++;
                continue;
            }
            // Age by the platform's receive time, not the meter's clock: a meter whose clock is wrong still alarms.
            boolean recent = !event.receivedAt().isBefore(notifyAfter);
            Evaluation evaluation = rules.evaluate(previous, event.reading(), readingTime);
            boolean known = meter != null;
            if (!known) {
                meter = new TrackedMeter();
                meter.productKey = key.productKey;
                meter.deviceName = key.deviceName;
                state.put(key, meter);
            }
            meter.apply(evaluation.next());
            meter.updatedAt = now;
            // Silence is measured from when this service saw the meter, so a backlog drained late does not make
            // meters look silent.
            meter.silentAfter = rules.settings().missingReport()
                    ? now.plus(rules.settings().silenceAllowed(key.productKey)) : null;
            if (!known) {
                meters.persist(meter);
            }

            Map<String, Alert> meterOpen = open.computeIfAbsent(key, k -> new HashMap<>());
            for (Verdict verdict : evaluation.verdicts()) {
                Alert alert = meterOpen.get(verdict.rule());
                if (verdict.firing()) {
                    if (alert == null) {
                        alert = book.open(key.productKey, key.deviceName, verdict.rule(), verdict.detail(), now,
                                r.dedupKey());
                        meterOpen.put(verdict.rule(), alert);
                        if (recent) {
                            opened.add(alert);
                        } else {
                            // Marked now, so a recent reading later in this batch that still shows it texts it.
                            alert.notification = NotificationState.BACKLOG;
                            openedFromBacklog.add(alert);
                        }
                    } else if (book.confirm(alert, verdict.detail(), now, recent)) {
                        renotify.add(alert);
                    }
                } else if (alert != null) {
                    book.resolve(alert, now);
                    meterOpen.remove(verdict.rule());
                    renotify.remove(alert);
                }
            }
        }
        notifier.openedFromBacklog(openedFromBacklog);
        notifier.opened(opened, now);
        notifier.renotify(renotify, now);
        return new Outcome(todo.size() - stale, duplicates, stale);
    }
}
