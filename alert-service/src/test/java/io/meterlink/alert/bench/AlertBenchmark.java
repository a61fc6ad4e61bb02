package io.meterlink.alert.bench;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.event.ReadingEventCodec;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.testbed.cloudapi.CloudApiServer;
import io.meterlink.testbed.cloudapi.CloudApiSettings;
import io.meterlink.testbed.cloudapi.PubOutcome;
import io.meterlink.testbed.cloudapi.SentSms;
import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.meterlink.testbed.embedded.KafkaServer;
import io.meterlink.testbed.embedded.MeterLinkService;
import io.meterlink.testbed.embedded.PostgresServer;
import io.meterlink.testbed.embedded.ServiceProcess;
import io.meterlink.testbed.embedded.ServiceWiring;
import io.meterlink.testbed.embedded.TestbedEndpoints;
import io.meterlink.testbed.quarkus.ReadingEvents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static io.meterlink.testbed.quarkus.ReadingEvents.withBit;

/**
 * Measures the packaged alert-service end to end, as a separate process against embedded PostgreSQL and Kafka and the
 * SMS stand-in (which checks every ACS3 signature):
 * <ol>
 *   <li>latency: alarm readings published to {@code meter.readings} at a steady rate, each on its own meter, until
 *   the stand-in accepts the SMS; a cold run, then a measured run, reported as p50/p95/p99;</li>
 *   <li>storm: 10,000 alarms published at once with the default storm settings: SMS the stand-in accepted, alerts
 *   stored, time until all are stored and until the summary arrives.</li>
 * </ol>
 * A program, not a test: {@code ./mvnw -B -o -pl alert-service verify -Pbenchmark -DskipTests}. Sizes can be changed
 * with {@code -Dbench.alarms}, {@code -Dbench.warmup}, {@code -Dbench.rate} and {@code -Dbench.storm} (exec args).
 */
public final class AlertBenchmark {

    private static final String KEY_ID = "LTAI5tAlertBenchmark";
    private static final String KEY_SECRET = "alert-benchmark-secret";
    private static final String ALERT_TEMPLATE = "SMS_500000001";
    private static final String SUMMARY_TEMPLATE = "SMS_500000002";
    private static final String ON_CALL = "+8613800000000";
    /** Latency run: ten products (regions), each with its own on-call number, as in a real routing table. */
    private static final int REGIONS = 10;
    private static final String LATENCY_TOPIC = "bench.latency.readings";
    private static final String STORM_TOPIC = "bench.storm.readings";
    /** How long a started service may take to be ready. */
    private static final Duration READY = Duration.ofMinutes(2);

    private final Path appJar;
    private final Path logDir;
    private final PostgresServer postgres;
    private final KafkaServer kafka;
    private final CloudApiServer sms;
    private final KafkaProducer<String, byte[]> producer;

    private AlertBenchmark(Path appJar) throws IOException {
        this.appJar = appJar;
        this.logDir = Files.createDirectories(appJar.getParent().getParent().resolve("benchmark"));
        this.postgres = EmbeddedInfrastructure.postgres();
        this.kafka = EmbeddedInfrastructure.kafka();
        // Each phase reads its own topic, so the storm run does not also replay the latency run's alarms.
        kafka.createTopic(LATENCY_TOPIC, 4);
        kafka.createTopic(STORM_TOPIC, 4);
        this.sms = CloudApiServer.start(CloudApiSettings.builder().accessKey(KEY_ID, KEY_SECRET)
                        .smsTemplate(ALERT_TEMPLATE, "product", "meter", "rule", "detail", "time")
                        .smsTemplate(SUMMARY_TEMPLATE, "count", "window", "rules", "products").build(),
                (pk, topic, content, qos, instance) -> PubOutcome.refused("iot.benchmark.NoPub", "no Pub here"));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "alert-service/target/quarkus-app/quarkus-run.jar")
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: package alert-service first");
        }
        int warmup = Integer.getInteger("bench.warmup", 200);
        int alarms = Integer.getInteger("bench.alarms", 1_000);
        int rate = Integer.getInteger("bench.rate", 20);
        int storm = Integer.getInteger("bench.storm", 10_000);

        AlertBenchmark bench = new AlertBenchmark(jar);
        System.out.printf(Locale.ROOT, "alert-service benchmark, %s, %d cores, Java %s%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try {
            if (alarms > 0) {
                bench.latency(warmup, alarms, rate);
            }
            if (storm > 0) {
                bench.storm(storm);
            }
        } finally {
            bench.producer.close();
            bench.sms.close();
        }
        System.exit(0);
    }

    /** Reading on Kafka to SMS accepted, with storm protection out of the way (threshold above the run size). */
    private void latency(int warmup, int alarms, int rate) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("meterlink.alert.notify.storm.threshold", "1000000");
        config.put("mp.messaging.incoming.readings.topic", LATENCY_TOPIC);
        for (int r = 0; r < REGIONS; r++) {
            config.put("meterlink.alert.routing.products.pk-region-" + r, "+86139000000" + (10 + r));
        }
        try (ServiceProcess service = startService("alert_bench_latency", config)) {
            long startMillis = service.awaitReady(READY).toMillis();
            List<Long> cold = alarmsAtRate("cold", warmup, rate);
            List<Long> warm = alarmsAtRate("warm", alarms, rate);
            System.out.printf(Locale.ROOT, "latency, reading on Kafka -> SMS accepted by the stand-in, %d alarms/s, "
                    + "one meter each, %d products with an on-call number each (service start %d ms):%n", rate,
                    REGIONS, startMillis);
            System.out.println("  cold " + percentiles(cold));
            System.out.println("  warm " + percentiles(warm));
        }
    }

    private List<Long> alarmsAtRate(String label, int count, int rate) {
        Map<String, Instant> sentAt = new HashMap<>();
        Instant phaseStart = Instant.now();
        long start = System.nanoTime();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < count; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String meter = label + "-" + i;
            sentAt.put(meter, Instant.now());
            producer.send(record(LATENCY_TOPIC, "pk-region-" + (i % REGIONS), meter, alarm(24, i)));
        }
        producer.flush();
        waitFor(Duration.ofMinutes(5), () -> acceptedSince(phaseStart).size() >= count);
        List<Long> latencies = new ArrayList<>(count);
        for (SentSms s : acceptedSince(phaseStart)) {
            String meter = meterOf(s.templateParam());
            Instant sent = sentAt.get(meter);
            if (sent != null) {
                latencies.add(Duration.between(sent, s.receivedAt()).toMillis());
            }
        }
        return latencies;
    }

    /**
     * Bursts with the default storm settings (more than 20 alerts within 5 minutes is a storm): a first one against
     * the freshly started service, then a second one of new meters while the storm window is still open.
     */
    private void storm(int count) throws Exception {
        try (ServiceProcess service = startService("alert_bench_storm",
                Map.of("mp.messaging.incoming.readings.topic", STORM_TOPIC));
                Connection db = postgres.connect("alert_bench_storm")) {
            long startMillis = service.awaitReady(READY).toMillis();
            System.out.printf(Locale.ROOT, "storm, %d alarms published at once, 4 products, default storm settings "
                    + "(service start %d ms):%n", count, startMillis);
            stormRound("cold", "storm-a-", count, db);
            stormRound("warm", "storm-b-", count, db);
        }
    }

    private void stormRound(String label, String meterPrefix, int count, Connection db) {
        long before = alertCount(db);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String product = "pk-feeder-" + (i % 4);
            records.add(i % 3 == 0
                    ? record(STORM_TOPIC, product, meterPrefix + i, withBit(StatusBit.COVER_OPENED, i))
                    : record(STORM_TOPIC, product, meterPrefix + i, alarm(31, i)));
        }
        Instant phaseStart = Instant.now();
        long t0 = System.nanoTime();
        records.forEach(producer::send);
        producer.flush();
        long published = System.nanoTime() - t0;
        waitFor(Duration.ofMinutes(5), () -> alertCount(db) - before >= count);
        long stored = System.nanoTime() - t0;
        waitFor(Duration.ofMinutes(5), () -> acceptedSince(phaseStart).stream()
                .anyMatch(s -> SUMMARY_TEMPLATE.equals(s.templateCode())));
        long summarized = System.nanoTime() - t0;
        List<SentSms> accepted = acceptedSince(phaseStart);
        long summaries = accepted.stream().filter(s -> SUMMARY_TEMPLATE.equals(s.templateCode())).count();
        System.out.printf(Locale.ROOT, "  %s: published in %d ms; alerts stored: %d, all stored after %d ms "
                        + "(%.0f alerts/s); SMS accepted: %d (%d individual, %d summary), summary after %d ms "
                        + "(settle 20 s)%n", label, ms(published), alertCount(db) - before, ms(stored),
                count * 1e9 / stored, accepted.size(), accepted.size() - summaries, summaries, ms(summarized));
        summaryText(accepted).ifPresent(t -> System.out.println("    summary: " + t));
    }

    private static java.util.Optional<String> summaryText(List<SentSms> accepted) {
        return accepted.stream().filter(s -> SUMMARY_TEMPLATE.equals(s.templateCode())).map(SentSms::templateParam)
                .findFirst();
    }

    /**
     * The packaged service on its own database, wired to the testbed by {@link ServiceWiring}; on top only what the
     * measurement changes, then the phase's {@code extra}. Started, not yet ready
     * ({@link ServiceProcess#awaitReady(Duration)} tells how long it took).
     */
    private ServiceProcess startService(String database, Map<String, String> extra) {
        postgres.createDatabase(database);
        TestbedEndpoints endpoints = TestbedEndpoints.builder()
                .database(MeterLinkService.ALERT, TestbedEndpoints.Database.of(postgres, database))
                .kafka(kafka.bootstrapServers())
                .sms(new TestbedEndpoints.Sms(sms.endpoint(), new TestbedEndpoints.AccessKey(KEY_ID, KEY_SECRET),
                        ALERT_TEMPLATE, SUMMARY_TEMPLATE, ON_CALL))
                .build();
        Map<String, String> measurement = new LinkedHashMap<>();
        measurement.put("mp.messaging.incoming.readings.auto.offset.reset", "earliest");
        measurement.put("mp.messaging.incoming.readings.group.id", "alert-" + database);
        // One on-call number receives everything here: lift the per-number caps that would rightly hold it back.
        measurement.put("meterlink.alert.sms.caps.per-minute", "1000000");
        measurement.put("meterlink.alert.sms.caps.per-hour", "1000000");
        measurement.put("meterlink.alert.sms.caps.per-day", "1000000");
        measurement.put("quarkus.log.category.\"io.meterlink.alert.messaging\".level", "DEBUG");
        return ServiceProcess.builder("alert-service", appJar)
                .jvmOptions(List.of(System.getProperty("bench.service-jvm-args", "").trim().split("\\s+")))
                .config(new ServiceWiring(endpoints).alert())
                .config(measurement)
                .config(extra)
                .log(logDir.resolve(database + ".log"))
                .start();
    }

    private List<SentSms> acceptedSince(Instant since) {
        return sms.smsLog().stream().filter(s -> !s.receivedAt().isBefore(since)).toList();
    }

    private static long alertCount(Connection db) {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM alert.alert")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The event ReadingEvents would publish, on this phase's own topic and without waiting for Kafka per record
     * (ReadingEvents publishes to meter.readings and waits), so the rate stays what was asked for.
     */
    private static ProducerRecord<String, byte[]> record(String topic, String productKey, String meter,
            MeterReading reading) {
        ReadingEvent event = ReadingEvents.event(productKey, meter, reading);
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, meter, ReadingEventCodec.toJson(event));
        r.headers().add("productKey", productKey.getBytes(StandardCharsets.UTF_8));
        r.headers().add("deviceName", meter.getBytes(StandardCharsets.UTF_8));
        r.headers().add("messageId", event.messageId().getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private static String meterOf(String templateParam) {
        int at = templateParam.indexOf("\"meter\":\"");
        if (at < 0) {
            return "";
        }
        int from = at + 9;
        return templateParam.substring(from, templateParam.indexOf('"', from));
    }

    private static String percentiles(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        return String.format(Locale.ROOT, "(%d alarms): p50 %d ms, p95 %d ms, p99 %d ms, max %d ms", sorted.size(),
                pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long pct(List<Long> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
