package io.meterlink.ingest.bench;

import io.meterlink.ingest.repository.ReadingRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.Configuration;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The Hibernate way of writing readings, measured for comparison: a plain (non-Quarkus) Hibernate ORM session
 * persisting one entity per row with JDBC batching of {@value RawLimits#BATCH} and a flush and commit per batch.
 * Hibernate cannot express {@code ON CONFLICT DO NOTHING} or report which rows were new, so this is an upper bound
 * for it: de-duplication would need an extra query per batch.
 */
final class HibernateInsert {

    private HibernateInsert() {
    }

    /** Returns seconds. */
    static double insert(String jdbcUrl, String user, String password, String schema, List<ReadingRow> rows) {
        Configuration configuration = new Configuration()
                .addAnnotatedClass(BenchReading.class)
                .setProperty("hibernate.connection.url", jdbcUrl)
                .setProperty("hibernate.connection.username", user)
                .setProperty("hibernate.connection.password", password)
                .setProperty("hibernate.connection.pool_size", "2")
                .setProperty("hibernate.default_schema", schema)
                .setProperty("hibernate.jdbc.batch_size", Integer.toString(RawLimits.BATCH))
                .setProperty("hibernate.order_inserts", "true")
                .setProperty("hibernate.hbm2ddl.auto", "none")
                .setProperty("hibernate.show_sql", "false");
        try (SessionFactory factory = configuration.buildSessionFactory()) {
            long start = System.nanoTime();
            try (Session session = factory.openSession()) {
                Transaction tx = session.beginTransaction();
                for (int i = 0; i < rows.size(); i++) {
                    session.persist(BenchReading.of(rows.get(i)));
                    if ((i + 1) % RawLimits.BATCH == 0 || i == rows.size() - 1) {
                        session.flush();
                        session.clear();
                        tx.commit();
                        tx = session.beginTransaction();
                    }
                }
                tx.commit();
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** {@code reading} mapped for plain Hibernate (the service's own entity is a read-only Panache entity). */
    @Entity
    @Table(name = "reading")
    @IdClass(BenchReading.Key.class)
    public static class BenchReading {
        @Id
        @Column(name = "message_id")
        public String messageId;
        @Id
        @Column(name = "generate_time")
        public Instant generateTime;
        @Column(name = "product_key")
        public String productKey;
        @Column(name = "device_name")
        public String deviceName;
        @Column(name = "received_at")
        public Instant receivedAt;
        @Column(name = "frame")
        public String frame;
        @Column(name = "frame_type")
        public String frameType;
        @Column(name = "firmware_version")
        public short firmwareVersion;
        @Column(name = "signal_quality")
        public short signalQuality;
        @Column(name = "status_mask")
        public short statusMask;
        @Column(name = "alarm_code")
        public short alarmCode;
        @Column(name = "energy_hundredths_kwh")
        public long energyHundredthsKwh;

        static BenchReading of(ReadingRow row) {
            BenchReading r = new BenchReading();
            r.messageId = row.messageId();
            r.generateTime = Instant.ofEpochMilli(row.generateTimeMs());
            r.productKey = row.productKey();
            r.deviceName = row.deviceName();
            r.receivedAt = Instant.ofEpochMilli(row.receivedAtMs());
            r.frame = row.frame();
            r.frameType = row.reading().frameType();
            r.firmwareVersion = (short) row.reading().firmwareVersion();
            r.signalQuality = (short) row.reading().signalQuality();
            r.statusMask = (short) row.reading().status().mask();
            r.alarmCode = (short) row.reading().alarmCode();
            r.energyHundredthsKwh = row.reading().energyHundredthsKwh();
            return r;
        }

        /** Composite key. */
        public static class Key implements Serializable {
            public String messageId;
            public Instant generateTime;

            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && Objects.equals(messageId, k.messageId)
                        && Objects.equals(generateTime, k.generateTime);
            }

            @Override
            public int hashCode() {
                return Objects.hash(messageId, generateTime);
            }
        }
    }
}
