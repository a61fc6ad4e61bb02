package io.meterlink.ingest.bench;

import io.meterlink.domain.signing.AmqpCredentials;
import io.meterlink.domain.signing.AmqpSigner;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.ingest.messaging.ReadingRecords;
import io.meterlink.ingest.repository.ReadingRow;
import io.meterlink.ingest.repository.ReadingWriter;
import io.meterlink.ingest.service.Verdict;
import io.meterlink.testbed.platform.IotPlatform;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The parts of the pipeline measured alone on the same data: how fast the platform stand-in can be drained over AMQP,
 * how fast Kafka takes the same records, and how fast PostgreSQL takes the same rows, by COPY and by each insert
 * strategy ingest could use.
 */
final class RawLimits {

    /** Rows per transaction for the insert strategies, as ingest's default batch size. */
    static final int BATCH = 500;

    private RawLimits() {
    }

    /**
     * Consumes and accepts {@code expected} messages of a consumer group with the Vert.x AMQP client (what the
     * SmallRye connector uses), over {@code connections} connections with 1,000 credits each; returns the seconds
     * from the first message to the last settlement (connection set-up excluded).
     */
    static double amqpDrain(IotPlatform platform, String group, int expected, int connections) throws Exception {
        Vertx vertx = Vertx.vertx();
        List<AmqpClient> clients = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong firstMessage = new AtomicLong();
        try {
            for (int c = 1; c <= connections; c++) {
                AmqpCredentials login = AmqpSigner.credentials(platform.accessKeyId(), platform.accessKeySecret(),
                        group, platform.instanceId(), "bench-drain-" + c, SignMethod.HMACSHA1,
                        System.currentTimeMillis());
                AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions()
                        .setHost(platform.amqpHost()).setPort(platform.amqpPort())
                        .setUsername(login.userName()).setPassword(login.password())
                        .addEnabledSaslMechanism("PLAIN"));
                clients.add(client);
                AmqpConnection connection = client.connect().toCompletionStage().toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                connection.createReceiver(platform.amqpAddress(group),
                        new AmqpReceiverOptions().setAutoAcknowledgement(false).setMaxBufferedMessages(1000))
                        .onFailure(failure::set)
                        .onSuccess(receiver -> receiver.handler(message -> {
                            firstMessage.compareAndSet(0, System.nanoTime());
                            message.accepted();
                            if (accepted.incrementAndGet() == expected) {
                                done.countDown();
                            }
                        }));
            }
            if (!done.await(10, TimeUnit.MINUTES) || failure.get() != null) {
                throw new IllegalStateException("AMQP drain stopped at " + accepted.get(), failure.get());
            }
            // Accepted is sent; the depth reaching 0 proves the broker processed the settlements.
            Awaitility.await().pollInterval(Duration.ofMillis(5)).pollDelay(Duration.ZERO)
                    .atMost(Duration.ofMinutes(1)).until(() -> platform.queueDepth(group) == 0);
            return (System.nanoTime() - firstMessage.get()) / 1e9;
        } finally {
            for (AmqpClient client : clients) {
                client.close();
            }
            vertx.close();
        }
    }

    /** Sends the raw and the event record of every verdict with ingest's producer settings; returns seconds. */
    static double kafkaProduce(String bootstrap, List<Verdict.Accepted> verdicts, String suffix) throws Exception {
        ReadingRecords records = new ReadingRecords("bench.raw." + suffix, "bench.readings." + suffix,
                "bench.status." + suffix, "bench.dlq." + suffix);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            // Topic metadata first, so the timing is the sending alone.
            producer.send(records.raw(verdicts.get(0))).get();
            producer.send(records.event(verdicts.get(0))).get();
            CountDownLatch acked = new CountDownLatch(verdicts.size() * 2);
            AtomicReference<Exception> failure = new AtomicReference<>();
            long start = System.nanoTime();
            for (Verdict.Accepted verdict : verdicts) {
                for (ProducerRecord<String, byte[]> record : List.of(records.raw(verdict), records.event(verdict))) {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            failure.set(error);
                        }
                        acked.countDown();
                    });
                }
            }
            acked.await(10, TimeUnit.MINUTES);
            if (failure.get() != null) {
                throw failure.get();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Creates {@code schema.reading} shaped exactly like {@code ingest.reading}, with the partition for the rows. */
    static void createReadingTable(Connection c, String schema, List<ReadingRow> rows) throws SQLException {
        long day = 86_400_000L;
        long first = rows.get(0).generateTimeMs() / day * day;
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
            st.execute("CREATE TABLE " + schema + ".reading (generate_time timestamptz NOT NULL,"
                    + " message_id text NOT NULL, product_key text NOT NULL, device_name text NOT NULL,"
                    + " received_at timestamptz NOT NULL, frame text NOT NULL, frame_type text NOT NULL,"
                    + " firmware_version smallint NOT NULL, signal_quality smallint NOT NULL,"
                    + " status_mask smallint NOT NULL, alarm_code smallint NOT NULL,"
                    + " energy_hundredths_kwh bigint NOT NULL, PRIMARY KEY (message_id, generate_time))"
                    + " PARTITION BY RANGE (generate_time)");
            st.execute("CREATE INDEX ON " + schema + ".reading (device_name, product_key, generate_time DESC)");
            st.execute("CREATE TABLE " + schema + ".reading_p PARTITION OF " + schema + ".reading FOR VALUES FROM ('"
                    + new Timestamp(first - day) + "+00') TO ('" + new Timestamp(first + 2 * day) + "+00')");
        }
    }

    /** COPY of all rows in one stream and one transaction: PostgreSQL's bulk-load ceiling. Returns seconds. */
    static double copy(Connection c, String schema, List<ReadingRow> rows) throws SQLException, java.io.IOException {
        StringBuilder csv = new StringBuilder(rows.size() * 120);
        for (ReadingRow row : rows) {
            csv.append(new Timestamp(row.generateTimeMs())).append("+00,").append(row.messageId()).append(',')
                    .append(row.productKey()).append(',').append(row.deviceName()).append(',')
                    .append(new Timestamp(row.receivedAtMs())).append("+00,\"").append(row.frame()).append("\",")
                    .append(row.reading().frameType()).append(',').append(row.reading().firmwareVersion()).append(',')
                    .append(row.reading().signalQuality()).append(',').append(row.reading().status().mask())
                    .append(',').append(row.reading().alarmCode()).append(',')
                    .append(row.reading().energyHundredthsKwh()).append('\n');
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        c.setAutoCommit(false);
        long start = System.nanoTime();
        copy.copyIn("COPY " + schema + ".reading FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
        c.commit();
        double seconds = (System.nanoTime() - start) / 1e9;
        c.setAutoCommit(true);
        return seconds;
    }

    /** Ingest's strategy: one unnest INSERT ... ON CONFLICT DO NOTHING RETURNING per batch. Returns seconds. */
    static double unnestInsert(Connection c, String schema, List<ReadingRow> rows) throws SQLException {
        if (!"ingest".equals(schema)) {
            throw new IllegalArgumentException("ReadingWriter writes ingest.reading");
        }
        c.setAutoCommit(false);
        long start = System.nanoTime();
        int inserted = 0;
        for (int i = 0; i < rows.size(); i += BATCH) {
            inserted += ReadingWriter.insertNew(c, rows.subList(i, Math.min(rows.size(), i + BATCH))).size();
            c.commit();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        c.setAutoCommit(true);
        if (inserted != rows.size()) {
            throw new IllegalStateException("unnest inserted " + inserted + " of " + rows.size());
        }
        return seconds;
    }

    /**
     * JDBC batching of single-row {@code INSERT ... ON CONFLICT DO NOTHING} (rewritten into multi-row statements by
     * the driver when the connection has {@code reWriteBatchedInserts=true}). Returns seconds.
     */
    static double jdbcBatchInsert(Connection c, String schema, List<ReadingRow> rows) throws SQLException {
        String sql = "INSERT INTO " + schema + ".reading (generate_time, message_id, product_key, device_name,"
                + " received_at, frame, frame_type, firmware_version, signal_quality, status_mask, alarm_code,"
                + " energy_hundredths_kwh) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        c.setAutoCommit(false);
        long start = System.nanoTime();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < rows.size(); i++) {
                ReadingRow row = rows.get(i);
                st.setTimestamp(1, new Timestamp(row.generateTimeMs()));
                st.setString(2, row.messageId());
                st.setString(3, row.productKey());
                st.setString(4, row.deviceName());
                st.setTimestamp(5, new Timestamp(row.receivedAtMs()));
                st.setString(6, row.frame());
                st.setString(7, row.reading().frameType());
                st.setShort(8, (short) row.reading().firmwareVersion());
                st.setShort(9, (short) row.reading().signalQuality());
                st.setShort(10, (short) row.reading().status().mask());
                st.setShort(11, (short) row.reading().alarmCode());
                st.setLong(12, row.reading().energyHundredthsKwh());
                st.addBatch();
                if ((i + 1) % BATCH == 0 || i == rows.size() - 1) {
                    st.executeBatch();
                    c.commit();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        c.setAutoCommit(true);
        return seconds;
    }
}
