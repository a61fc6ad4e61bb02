package io.meterlink.ingest.bench;

import io.meterlink.ingest.repository.ReadingRow;
import io.meterlink.ingest.service.Verdict;
import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.meterlink.testbed.embedded.MeterLinkService;
import io.meterlink.testbed.embedded.PostgresServer;
import io.meterlink.testbed.embedded.PrometheusScrape;
import io.meterlink.testbed.embedded.ServiceProcess;
import io.meterlink.testbed.embedded.ServiceWiring;
import io.meterlink.testbed.embedded.TestbedEndpoints;
import io.meterlink.testbed.platform.ConsumerGroup;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.platform.UplinkMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Benchmark (a program, not a test): drains a backlog of 100,000 frames from 100,000 distinct meters out of the IoT
 * Platform stand-in's consumer group through ingest-service, started from its packaged jar, into Kafka and
 * PostgreSQL, with every message settled; and measures on the same machine, in the same run, the raw limits of each
 * leg: AMQP drain alone, a Kafka producer alone with the same records, PostgreSQL COPY of the same rows (and the
 * insert strategies ingest could use). Prints messages per second, the pipeline's ratio to each limit and the ingest
 * JVM's RSS.
 *
 * <p>Run: {@code ./mvnw -B -o -pl ingest-service -Pbench verify} (README.md); {@code -Dbench.args=N} changes the
 * backlog size (first program argument).
 */
public final class IngestBenchmark {

    private static final String GROUP = "ingest-bench";
    private static final int CONNECTIONS = 2;

    private final int messages;
    private final Map<String, Double> rates = new LinkedHashMap<>();

    private IngestBenchmark(int messages) {
        this.messages = messages;
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].strip()) : 100_000;
        Path jar = Path.of(System.getProperty("ingest.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package ingest-service first");
        }
        int status = 1;
        try {
            new IngestBenchmark(messages).run(jar);
            status = 0;
        } finally {
            // Kafka and Artemis threads would keep the JVM alive; embedded servers stop through their shutdown hooks.
            System.exit(status);
        }
    }

    private void run(Path jar) throws Exception {
        System.out.printf(Locale.ROOT, "%n== ingest benchmark, %s, %d cores, load average %.2f, Java %s, %,d messages ==%n",
                ZonedDateTime.now(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"),
                messages);
        PostgresServer postgres = EmbeddedInfrastructure.postgres();
        String kafka = EmbeddedInfrastructure.kafka().bootstrapServers();
        long t = System.nanoTime();
        DeviceRegistry registry = DeviceRegistry.generate(messages, BenchData.PRODUCT_KEY, 7);
        try (IotPlatform platform = IotPlatform.builder()
                .registry(registry)
                .consumerGroup(ConsumerGroup.data(GROUP))
                .legacyBroker(false)
                .start()) {
            System.out.printf(Locale.ROOT, "infrastructure up in %.1f s (PostgreSQL, Kafka, stand-in with %,d devices)%n",
                    (System.nanoTime() - t) / 1e9, registry.size());
            rawAmqp(platform);
            List<UplinkMessage> uplinks = BenchData.uplinks(messages, 0);
            List<Verdict.Accepted> verdicts = BenchData.verdicts(uplinks, "bench-");
            rawKafka(kafka, verdicts);
            rawPostgres(postgres, BenchData.rows(verdicts));
            pipeline(jar, platform, postgres, kafka);
        }
        summary();
    }

    private void rawAmqp(IotPlatform platform) throws Exception {
        for (String round : List.of("cold", "warm")) {
            double preload = preload(platform, BenchData.uplinks(messages, round.length()));
            double seconds = RawLimits.amqpDrain(platform, GROUP, messages, CONNECTIONS);
            record("AMQP drain alone (" + CONNECTIONS + " connections, accept each), " + round, seconds);
            System.out.printf(Locale.ROOT, "   (preload of the backlog took %.1f s)%n", preload);
        }
    }

    private void rawKafka(String kafka, List<Verdict.Accepted> verdicts) throws Exception {
        record("Kafka producer alone (raw + event record per message), cold",
                RawLimits.kafkaProduce(kafka, verdicts, "cold"));
        record("Kafka producer alone (raw + event record per message), warm",
                RawLimits.kafkaProduce(kafka, verdicts, "warm"));
    }

    private void rawPostgres(PostgresServer postgres, List<ReadingRow> rows) throws Exception {
        String url = postgres.createDatabase("bench_raw");
        try (Connection c = DriverManager.getConnection(url + "?reWriteBatchedInserts=true", postgres.user(),
                postgres.password())) {
            RawLimits.createReadingTable(c, "copy_cold", rows);
            record("PostgreSQL COPY alone (one stream, one commit), cold", RawLimits.copy(c, "copy_cold", rows));
            RawLimits.createReadingTable(c, "copy_warm", rows);
            record("PostgreSQL COPY alone (one stream, one commit), warm", RawLimits.copy(c, "copy_warm", rows));
            RawLimits.createReadingTable(c, "ingest", rows);
            record("PostgreSQL unnest INSERT ON CONFLICT RETURNING, 500/commit (ingest's)",
                    RawLimits.unnestInsert(c, "ingest", rows));
            RawLimits.createReadingTable(c, "jdbc_batch", rows);
            record("PostgreSQL JDBC batch INSERT ON CONFLICT, 500/commit (reWriteBatchedInserts)",
                    RawLimits.jdbcBatchInsert(c, "jdbc_batch", rows));
            RawLimits.createReadingTable(c, "hibernate", rows);
            try {
                record("PostgreSQL Hibernate persist, JDBC batch 500/commit (no ON CONFLICT)",
                        HibernateInsert.insert(url, postgres.user(), postgres.password(), "hibernate", rows));
            } catch (RuntimeException | LinkageError e) {
                System.out.println("   Hibernate measurement failed: " + e);
            }
        }
    }

    private void pipeline(Path jar, IotPlatform platform, PostgresServer postgres, String kafka) throws Exception {
        String url = postgres.createDatabase("ingest_bench");
        TestbedEndpoints endpoints = TestbedEndpoints.builder()
                .database(MeterLinkService.INGEST, new TestbedEndpoints.Database(url, postgres.user(),
                        postgres.password()))
                .kafka(kafka)
                .amqp(new TestbedEndpoints.PlatformAmqp(platform.amqpHost(), platform.amqpPort(),
                        platform.amqpAddress(GROUP), GROUP, platform.instanceId(),
                        new TestbedEndpoints.AccessKey(platform.accessKeyId(), platform.accessKeySecret())))
                .build();
        // The wiring's endpoints, plus what this measurement changes: as many connections as the raw AMQP drain.
        Map<String, String> config = new LinkedHashMap<>(new ServiceWiring(endpoints).ingest());
        config.put("meterlink.ingest.amqp.connections", Integer.toString(CONNECTIONS));
        config.put("meterlink.ingest.amqp.client-id-prefix", "bench-ingest");

        double preload = preload(platform, BenchData.uplinks(messages, 11));
        System.out.printf(Locale.ROOT, "   (preload of the pipeline backlog took %.1f s)%n", preload);
        Path log = Path.of("target", "ingest-benchmark.log");
        long start = System.nanoTime();
        // Configuration as environment variables, as on Kubernetes (the prod profile expects its endpoints there).
        try (ServiceProcess ingest = ServiceProcess.builder("ingest-service", jar).jvmOptions("-Xmx512m")
                .configAsEnvironment(config).log(log).start()) {
            poll().until(() -> !ingest.alive() || platform.queueDepth(GROUP) < messages);
            long firstSettled = System.nanoTime();
            poll().until(() -> !ingest.alive() || platform.queueDepth(GROUP) == 0);
            long end = System.nanoTime();
            if (!ingest.alive()) {
                throw new IllegalStateException("ingest exited; see " + log);
            }
            verify(postgres, url, kafka, messages);
            record("ingest pipeline, cold, from process start (JVM start included)", (end - start) / 1e9);
            record("ingest pipeline, cold, from first settlement", (end - firstSettled) / 1e9);

            double cpuCold = ingest.cpuSeconds();
            System.out.printf(Locale.ROOT, "   ingest CPU time for the cold backlog: %.1f s, %.0f us per message "
                    + "(start-up included)%n", cpuCold, cpuCold * 1e6 / messages);

            // Warm: the next backlog is loaded while the queue is paused, so loading does not compete for the CPU.
            Queue queue = platform.broker().server().locateQueue(SimpleString.of(GROUP));
            queue.pause();
            double warmPreload = preload(platform, BenchData.uplinks(messages, 12));
            double cpuBefore = ingest.cpuSeconds();
            long warmStart = System.nanoTime();
            queue.resume();
            poll().until(() -> platform.queueDepth(GROUP) == 0);
            long warmEnd = System.nanoTime();
            double cpuWarm = ingest.cpuSeconds() - cpuBefore;
            verify(postgres, url, kafka, 2L * messages);
            record("ingest pipeline, warm (second backlog, JIT warm)", (warmEnd - warmStart) / 1e9);
            System.out.printf(Locale.ROOT, "   (preloaded in %.1f s with the queue paused)%n", warmPreload);
            System.out.printf(Locale.ROOT, "   ingest CPU time for the warm backlog: %.1f s, %.0f us per message "
                    + "(%.0f msg/s per fully available core)%n", cpuWarm, cpuWarm * 1e6 / messages,
                    messages / cpuWarm);
            PrometheusScrape metrics = ingest.metrics();
            long batches = metrics.sum("ingest_batch_size_count");
            long batched = metrics.sum("ingest_batch_size_sum");
            System.out.printf(Locale.ROOT, "   ingest: %d batches, mean %.0f deliveries per batch, %d stored, "
                    + "%d duplicates, %d AMQP logins%n", batches, (double) batched / batches,
                    metrics.sum("ingest_readings_stored_total"), metrics.sum("ingest_messages_duplicates_total"),
                    metrics.sum("ingest_amqp_logins_total"));
            System.out.printf(Locale.ROOT, "   ingest JVM (pid %d, -Xmx512m) RSS at the end: %.0f MiB%n", ingest.pid(),
                    ingest.rssMiB());
        }
    }

    /** Polls often enough for a precise end time; gives up after ten minutes. */
    private static ConditionFactory poll() {
        return Awaitility.await().pollInterval(Duration.ofMillis(20)).pollDelay(Duration.ZERO)
                .atMost(Duration.ofMinutes(10));
    }

    /** Every message stored once and published once to each topic. */
    private static void verify(PostgresServer postgres, String url, String kafka, long expected) throws Exception {
        try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT message_id) FROM ingest.reading")) {
            rs.next();
            if (rs.getLong(1) != expected || rs.getLong(2) != expected) {
                throw new IllegalStateException("readings table has " + rs.getLong(1) + " rows, " + rs.getLong(2)
                        + " distinct messageIds, expected " + expected);
            }
        }
        for (String topic : List.of("cdb.data.post", "meter.readings")) {
            long records = records(kafka, topic);
            if (records != expected) {
                throw new IllegalStateException(topic + " has " + records + " records, expected " + expected);
            }
        }
    }

    private static long records(String kafka, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private double preload(IotPlatform platform, List<UplinkMessage> uplinks) {
        long start = System.nanoTime();
        platform.preload(GROUP, uplinks);
        return (System.nanoTime() - start) / 1e9;
    }

    private void record(String what, double seconds) {
        double rate = messages / seconds;
        rates.put(what, rate);
        System.out.printf(Locale.ROOT, "%-82s %8.1f s %,10.0f msg/s%n", what, seconds, rate);
    }

    private void summary() {
        System.out.printf(Locale.ROOT, "%n== pipeline (warm) compared with each leg alone (warm) ==%n");
        Double pipeline = rates.get("ingest pipeline, warm (second backlog, JIT warm)");
        if (pipeline == null) {
            return;
        }
        rates.forEach((what, rate) -> {
            if (!what.startsWith("ingest pipeline") && !what.endsWith("cold")) {
                System.out.printf(Locale.ROOT, "%-82s %,10.0f msg/s   pipeline = %5.1f %%%n", what, rate,
                        100 * pipeline / rate);
            }
        });
    }
}
