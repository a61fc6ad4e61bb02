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
import org.jboss.logging.Logger;
import org.apache.kafka.clients.producer.ProducerRecord;

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
import java.util.concurrent.ExecutionException;
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

    private static final Logger LOG = Logger.getLogger(BatchProcessor.class);

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
        List<Verdict> verdicts = new ArrayList<>(batch.size());
        for (Delivery delivery : batch) {
            verdicts.add(classifier.classify(delivery, now));
        }
        return store(verdicts);
    }

    /**
     * Stores the verdicts in one transaction. When PostgreSQL refuses the data itself (not an outage: see
     * {@link #dataRefusal}), the verdicts are stored in halves, recursively, until the refused message stands alone;
     * it is then stored as an {@code unstorable} rejection (dead-lettered with the SQLState), the rest as usual. An
     * outage during the isolation fails the whole batch as before; halves already committed are found again as
     * duplicates on redelivery.
     */
    private BatchOutcome store(List<Verdict> verdicts) throws Exception {
        try {
            return storeTogether(verdicts);
        } catch (Exception e) {
            SQLException refusal = dataRefusal(e);
            if (refusal == null) {
                throw e;
            }
            if (verdicts.size() > 1) {
                LOG.warnf("PostgreSQL refused data in a batch of %d (SQLState %s: %s); storing it in halves to"
                        + " isolate the message", verdicts.size(), refusal.getSQLState(), refusal.getMessage());
                int half = verdicts.size() / 2;
                BatchOutcome first = store(verdicts.subList(0, half));
                BatchOutcome second = store(verdicts.subList(half, verdicts.size()));
                return merge(first, second);
            }
            Verdict refused = verdicts.get(0);
            if (refused instanceof Verdict.Rejected r && IngestRejection.UNSTORABLE.code().equals(r.reason())) {
                throw e;
            }
            return storeTogether(List.of(unstorable(refused, refusal)));
        }
    }

    private BatchOutcome storeTogether(List<Verdict> verdicts) throws Exception {
        List<Verdict.Accepted> accepted = new ArrayList<>(verdicts.size());
        List<Verdict.Rejected> rejected = new ArrayList<>();
        List<Verdict.DeviceStatus> statuses = new ArrayList<>();
        Set<LocalDate> days = new HashSet<>();
        for (Verdict verdict : verdicts) {
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

    /** The refused message as a rejection, with what PostgreSQL said. */
    private static Verdict.Rejected unstorable(Verdict verdict, SQLException refusal) {
        String said = String.valueOf(refusal.getMessage());
        String detail = "PostgreSQL refused it: SQLState " + refusal.getSQLState() + ": "
                + (said.length() <= 300 ? said : said.substring(0, 300) + "...");
        String reason = IngestRejection.UNSTORABLE.code();
        if (verdict instanceof Verdict.Accepted a) {
            return new Verdict.Rejected(a.delivery(), reason, detail, a.productKey(), a.deviceName(), a.messageId(),
                    a.generateTimeMs());
        }
        if (verdict instanceof Verdict.DeviceStatus s) {
            return new Verdict.Rejected(s.delivery(), reason, detail, s.productKey(), s.deviceName(), s.messageId(),
                    s.generateTimeMs());
        }
        Verdict.Rejected r = (Verdict.Rejected) verdict;
        return new Verdict.Rejected(r.delivery(), reason, detail + " (first rejected as " + r.reason() + ": "
                + r.detail() + ")", r.productKey(), r.deviceName(), r.messageId(), r.generateTimeMs());
    }

    private static BatchOutcome merge(BatchOutcome a, BatchOutcome b) {
        return new BatchOutcome(concat(a.stored(), b.stored()), concat(a.duplicates(), b.duplicates()),
                concat(a.rejected(), b.rejected()), concat(a.statuses(), b.statuses()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> both = new ArrayList<>(a.size() + b.size());
        both.addAll(a);
        both.addAll(b);
        return both;
    }

    /**
     * The SQLException saying PostgreSQL refuses the data itself, which no retry can change: class 22 (data
     * exception, e.g. 22021 for U+0000 in text) or 23 (integrity constraint), except a unique-key race with a
     * concurrent redelivery (23505) and a missing partition (both pass on retry). Null for anything else — connection,
     * resources, operator intervention, permissions, Kafka — which is an outage: the batch is released whole.
     */
    static SQLException dataRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("22")
                        || state.startsWith("23") && !"23505".equals(state) && !isMissingPartition(sql)) {
                    return sql;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
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
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>(stored.size() * 2 + newRejections.size()
                + statuses.size());
        for (Verdict.Accepted a : stored) {
            batch.add(records.raw(a));
            batch.add(records.event(a));
        }
        for (Verdict.Rejected r : newRejections) {
            batch.add(records.deadLetter(r));
        }
        // Status notifications are state, not events to count: a redelivered one is simply sent again.
        for (Verdict.DeviceStatus s : statuses) {
            batch.add(records.status(s));
        }
        publisher.publishAll(batch, kafkaTimeout);
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
        entity.topic = DeliveryClassifier.storableText(delivery.topic());
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
