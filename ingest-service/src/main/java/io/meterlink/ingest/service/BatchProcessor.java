package io.meterlink.ingest.service;

import io.meterlink.ingest.config.IngestConfig;
import io.meterlink.ingest.messaging.KafkaRecordPublisher;
import io.meterlink.ingest.messaging.ReadingRecords;
import io.meterlink.ingest.repository.ReadingKey;
import io.meterlink.ingest.repository.ReadingPartitions;
import io.meterlink.ingest.repository.ReadingRow;
import io.meterlink.ingest.repository.ReadingWriter;
import io.meterlink.ingest.repository.RejectedMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one batch durable, or fails without side effects the platform would have to know about.
 *
 * <p>Order inside one database transaction: insert the readings ({@code ON CONFLICT DO NOTHING RETURNING} tells which
 * are new), store the new rejections, send the Kafka records of the new ones only, wait for all acknowledgements,
 * commit. Consequences, per crash point: before the commit nothing is stored and the redelivery does everything
 * again (Kafka may hold a copy from the failed attempt: consumers de-duplicate on the messageId header); after the
 * commit but before settlement the redelivery finds the rows and sends nothing. A redelivered messageId thus never
 * creates a second row, and reaches Kafka twice only if a crash or failure hit between the acknowledgements and the
 * commit.
 */
@ApplicationScoped
public class BatchProcessor {

    /** Head room over the Kafka wait for the insert and the commit. */
    private static final int TRANSACTION_SLACK_SECONDS = 30;

    private final DeliveryClassifier classifier;
    private final ReadingWriter writer;
    private final ReadingPartitions partitions;
    private final KafkaRecordPublisher publisher;
    private final Duration kafkaTimeout;

    public BatchProcessor(IngestConfig config, ReadingWriter writer, ReadingPartitions partitions,
            KafkaRecordPublisher publisher) {
        this.classifier = new DeliveryClassifier(config.frames().maxPayloadBytes(), config.frames().maxClockSkew(),
                config.partitions().retentionDays());
        this.writer = writer;
        this.partitions = partitions;
        this.publisher = publisher;
        this.kafkaTimeout = config.batch().kafkaTimeout();
    }

    /**
     * Classifies, stores and publishes a batch.
     *
     * @throws Exception when the batch is not durable; then nothing of it is committed
     */
    public BatchOutcome process(List<Delivery> batch) throws Exception {
        long now = System.currentTimeMillis();
        List<Verdict.Accepted> accepted = new ArrayList<>(batch.size());
        List<Verdict.Rejected> rejected = new ArrayList<>();
        List<Verdict.DeviceStatus> statuses = new ArrayList<>();
        Set<LocalDate> days = new HashSet<>();
        for (Delivery delivery : batch) {
            Verdict verdict = classifier.classify(delivery, now);
            if (verdict instanceof Verdict.Accepted a) {
                accepted.add(a);
                days.add(Instant.ofEpochMilli(a.generateTimeMs()).atZone(ZoneOffset.UTC).toLocalDate());
            } else if (verdict instanceof Verdict.DeviceStatus status) {
                statuses.add(status);
            } else {
                rejected.add((Verdict.Rejected) verdict);
            }
        }
        partitions.ensureDays(days);
        try {
            return QuarkusTransaction.requiringNew()
                    .timeout((int) kafkaTimeout.toSeconds() + TRANSACTION_SLACK_SECONDS)
                    .call(() -> storeAndPublish(accepted, rejected, statuses));
        } catch (RuntimeException e) {
            if (isMissingPartition(e)) {
                // Someone dropped or detached a partition behind our back: look again on the next attempt.
                partitions.forget();
            }
            throw e;
        }
    }

    private BatchOutcome storeAndPublish(List<Verdict.Accepted> accepted, List<Verdict.Rejected> rejected,
            List<Verdict.DeviceStatus> statuses) throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        List<ReadingRow> rows = new ArrayList<>(accepted.size());
        for (Verdict.Accepted a : accepted) {
            rows.add(new ReadingRow(a.generateTimeMs(), a.messageId(), a.productKey(), a.deviceName(),
                    a.delivery().receivedAt().toEpochMilli(), new String(a.delivery().payload(),
                            java.nio.charset.StandardCharsets.ISO_8859_1), a.reading()));
        }
        Set<ReadingKey> inserted = writer.insertNew(rows);

        List<Verdict> duplicates = new ArrayList<>();
        List<Verdict.Accepted> stored = new ArrayList<>(inserted.size());
        for (Verdict.Accepted a : accepted) {
            // remove(): the same key twice in one batch is stored once and the second copy counts as a duplicate.
            if (inserted.remove(new ReadingKey(a.messageId(), a.generateTimeMs()))) {
                stored.add(a);
            } else {
                duplicates.add(a);
            }
        }

        List<Verdict.Rejected> newRejections = newRejections(rejected, duplicates);
        for (Verdict.Rejected r : newRejections) {
            entity(r).persist();
        }
        if (!newRejections.isEmpty()) {
            // Surface a unique-key race with a concurrent redelivery now, before anything is sent.
            RejectedMessage.flush();
        }

        ReadingRecords records = publisher.records();
        List<CompletableFuture<Void>> sends = new ArrayList<>(stored.size() * 2 + newRejections.size()
                + statuses.size());
        for (Verdict.Accepted a : stored) {
            sends.add(publisher.send(records.raw(a)));
            sends.add(publisher.send(records.event(a)));
        }
        for (Verdict.Rejected r : newRejections) {
            sends.add(publisher.send(records.deadLetter(r)));
        }
        // Status notifications are state, not events to count: a redelivered one is simply sent again.
        for (Verdict.DeviceStatus s : statuses) {
            sends.add(publisher.send(records.status(s)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .get(kafkaTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return new BatchOutcome(stored, duplicates, newRejections, statuses);
    }

    /** Rejections whose messageId was not rejected before (in an earlier batch or earlier in this one). */
    private static List<Verdict.Rejected> newRejections(List<Verdict.Rejected> rejected, List<Verdict> duplicates) {
        if (rejected.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new HashSet<>();
        for (Verdict.Rejected r : rejected) {
            if (r.messageId() != null) {
                ids.add(r.messageId());
            }
        }
        Set<String> seen = new HashSet<>(RejectedMessage.alreadyRejected(ids));
        List<Verdict.Rejected> fresh = new ArrayList<>(rejected.size());
        for (Verdict.Rejected r : rejected) {
            if (r.messageId() == null || seen.add(r.messageId())) {
                fresh.add(r);
            } else {
                duplicates.add(r);
            }
        }
        return fresh;
    }

    private static RejectedMessage entity(Verdict.Rejected r) {
        RejectedMessage entity = new RejectedMessage();
        Delivery delivery = r.delivery();
        entity.messageId = r.messageId();
        entity.topic = delivery.topic();
        entity.productKey = r.productKey();
        entity.deviceName = r.deviceName();
        entity.generateTime = r.generateTimeMs() == null ? null : Instant.ofEpochMilli(r.generateTimeMs());
        entity.receivedAt = delivery.receivedAt();
        entity.reason = r.reason();
        entity.detail = r.detail();
        byte[] payload = delivery.payload();
        entity.payloadSize = payload == null ? 0 : payload.length;
        entity.payload = payload == null ? null
                : payload.length <= RejectedMessage.MAX_STORED_PAYLOAD ? payload
                : Arrays.copyOf(payload, RejectedMessage.MAX_STORED_PAYLOAD);
        return entity;
    }

    /** PostgreSQL's "no partition of relation found for row" (check_violation, 23514, on a partitioned table). */
    private static boolean isMissingPartition(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23514".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("no partition")) {
                return true;
            }
        }
        return false;
    }
}
