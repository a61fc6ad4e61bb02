package io.meterlink.command.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.MqttConnectCredentials;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.testbed.cloudapi.AcceptedPub;
import io.meterlink.testbed.embedded.DevTokens;
import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.meterlink.testbed.embedded.KafkaServer;
import io.meterlink.testbed.embedded.MeterLinkService;
import io.meterlink.testbed.embedded.PostgresServer;
import io.meterlink.testbed.embedded.PrometheusScrape;
import io.meterlink.testbed.embedded.ServiceProcess;
import io.meterlink.testbed.embedded.ServiceWiring;
import io.meterlink.testbed.embedded.TestbedEndpoints;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.platform.RegisteredDevice;
import io.meterlink.testbed.quarkus.ReadingEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The command-service benchmark (a program, not a test; see README.md "Benchmark"). Starts the embedded
 * PostgreSQL and Kafka and the IoT Platform stand-in in this JVM, runs the packaged service
 * ({@code target/quarkus-app/quarkus-run.jar}) as its own process as production would ({@link ServiceProcess},
 * configured by the testbed's {@link ServiceWiring} plus the pacing under test), and measures:
 * <ol>
 * <li>end-to-end latency of single commands: REST call → the simulated meter receives the frame over MQTT, p50/p95/p99
 * over 1,000 commands, once cold (fresh JVM) and once warm;</li>
 * <li>a bulk job to 10,000 meters: the Pub rate the platform saw against the configured QPS, for each QPS given.</li>
 * </ol>
 * Arguments: {@code [meters=10000] [commands=1000] [qps=500,1500]}.
 */
public final class CommandBenchmark {

    private static final String PK = IotPlatform.DEFAULT_PRODUCT_KEY;
    private static final int LATENCY_DEVICES = 20;
    private static final int CLIENTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The service's database on the embedded PostgreSQL, kept apart from the tests' and the local run's. */
    private static final String DATABASE = "command_bench";

    private final int meters;
    private final int commands;
    private final List<Integer> qpsList;
    // HTTP/1.1 like the mobile app's client; the JDK's h2c upgrade would measure the JDK rather than the service.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final StringBuilder report = new StringBuilder();
    /** Latency clients waiting for their frame to arrive, by the command's unique argument. */
    private final Map<String, CountDownLatch> arrivals = new ConcurrentHashMap<>();

    private PostgresServer postgres;
    private KafkaServer kafka;
    private IotPlatform platform;
    private Path work;
    private String token;
    private ServiceProcess service;
    private String baseUrl;

    private CommandBenchmark(int meters, int commands, List<Integer> qpsList) {
        this.meters = meters;
        this.commands = commands;
        this.qpsList = qpsList;
    }

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int commands = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        List<Integer> qps = Arrays.stream((args.length > 2 ? args[2] : "500,1500").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int status = 1;
        CommandBenchmark benchmark = new CommandBenchmark(meters, commands, qps);
        try {
            benchmark.run();
            status = 0;
        } finally {
            benchmark.close();
        }
        System.exit(status);
    }

    private void run() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package the service first");
        }
        work = Files.createDirectories(Path.of("target", "benchmark"));
        line("command-service benchmark, %s, %d cores, %s %s", LocalDate.now(), Runtime.getRuntime()
                .availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));

        postgres = EmbeddedInfrastructure.postgres();
        kafka = EmbeddedInfrastructure.kafka();
        DeviceRegistry registry = DeviceRegistry.generate(meters + LATENCY_DEVICES, PK,
                IotPlatform.DEFAULT_REGISTRY_SEED);
        // The stand-in throttles Pub like the account does, so pacing mistakes would show up as throttling errors.
        platform = IotPlatform.builder().registry(registry).openApi(api -> api.qps("Pub", 1600)).start();
        Path keys = work.resolve("jwt");
        token = DevTokens.in(keys).mint("benchmark", List.of("admin"), Duration.ofHours(2));

        List<String> bulkMeters = registry.devices().subList(0, meters).stream().map(RegisteredDevice::deviceName)
                .toList();
        List<RegisteredDevice> latencyMeters = registry.devices().subList(meters, meters + LATENCY_DEVICES);

        Map<String, String> wiring = wiring(keys);
        for (int i = 0; i < qpsList.size(); i++) {
            int qps = qpsList.get(i);
            startService(jar, wiring, qps);
            if (i == 0) {
                register(bulkMeters, latencyMeters.stream().map(RegisteredDevice::deviceName).toList());
                latency(latencyMeters);
            }
            bulk(bulkMeters, qps);
            stopService();
        }
        System.out.println();
        System.out.println(report);
        Files.writeString(work.resolve("results.txt"), report.toString());
    }

    /**
     * The service's configuration from the testbed's one wiring: its database, Kafka, the platform's OpenAPI, the
     * legacy cluster and the benchmark's token key.
     */
    private Map<String, String> wiring(Path keys) {
        postgres.createDatabase(DATABASE);
        TestbedEndpoints endpoints = TestbedEndpoints.builder()
                .database(MeterLinkService.COMMAND, TestbedEndpoints.Database.of(postgres, DATABASE))
                .kafka(kafka.bootstrapServers())
                .openApi(new TestbedEndpoints.PlatformOpenApi(platform.openApiEndpoint(), platform.regionId(),
                        platform.instanceId(), new TestbedEndpoints.AccessKey(platform.accessKeyId(),
                                platform.accessKeySecret())))
                .legacyMqttUri(platform.legacyMqttUri())
                .jwt(TestbedEndpoints.Jwt.of(DevTokens.in(keys)))
                .build();
        return new ServiceWiring(endpoints).command();
    }

    /** Starts the packaged service on the wiring plus what this measurement changes: the pacing and caller limit. */
    private void startService(Path jar, Map<String, String> wiring, int qps) {
        Path log = work.resolve("command-service-qps" + qps + ".log");
        service = ServiceProcess.builder("command-service", jar).jvmOptions("-Xmx1g", "-XX:+UseSerialGC")
                .config(wiring)
                .config(Map.of("meterlink.command.pacing.pub-qps", String.valueOf(qps),
                        // One benchmark client stands for many operators: lift the per-caller limit.
                        "meterlink.command.caller-limit.requests-per-second", "100000",
                        "meterlink.command.caller-limit.burst", "100000"))
                .log(log).start();
        service.awaitReady(Duration.ofSeconds(120));
        baseUrl = service.baseUrl();
        line("");
        line("service started with pub-qps=%d (log: %s)", qps, log);
    }

    private void stopService() {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    /** Registers every meter and reports them through the platform path (meter.readings), so they route via Pub. */
    private void register(List<String> bulk, List<String> latency) throws Exception {
        List<String> all = new ArrayList<>(bulk);
        all.addAll(latency);
        List<Map<String, String>> list = all.stream().map(dn -> Map.of("productKey", PK, "deviceName", dn)).toList();
        HttpResponse<String> r = post("/api/v1/meters", Map.of("meters", list), null);
        require(r, 200);
        try (ReadingEvents readings = new ReadingEvents(kafka.bootstrapServers())) {
            readings.sendAll(all.stream().map(dn -> ReadingEvents.event(PK, dn, "DE02,10,17,011101010,am000,1d478f",
                    Instant.now())).toList());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            JsonNode migration = JSON.readTree(require(get("/api/v1/migration"), 200).body());
            if (migration.path("all").path("platform").asLong() >= all.size()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("meters did not all reach PLATFORM: " + migration);
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        line("registered %d meters, all on the platform path", all.size());
    }

    private void latency(List<RegisteredDevice> devices) throws Exception {
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        List<MqttClient> clients = new ArrayList<>();
        for (RegisteredDevice d : devices) {
            MqttConnectCredentials c = DeviceSigner.connect(d.productKey(), d.deviceName(), d.deviceSecret(),
                    d.deviceName(), SignMethod.HMACSHA256, DeviceSigner.SECUREMODE_TCP, System.currentTimeMillis());
            MqttClient client = new MqttClient(platform.mqttUri(), c.clientId(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(c.username());
            options.setPassword(c.password().toCharArray());
            options.setKeepAliveInterval(300);
            client.connect(options);
            client.subscribe(TopicMapping.cmdDown(d.productKey(), d.deviceName()).fullName(), 1, (topic, message) -> {
                long now = System.nanoTime();
                String frame = new String(message.getPayload(), StandardCharsets.US_ASCII);
                String arg = frame.substring(frame.lastIndexOf(',') + 1);
                receivedAt.put(arg, now);
                CountDownLatch waiting = arrivals.remove(arg);
                if (waiting != null) {
                    waiting.countDown();
                }
            });
            clients.add(client);
        }
        try {
            for (String round : List.of("cold", "warm")) {
                Map<String, Long> answeredAt = new ConcurrentHashMap<>();
                long[][] results = latencyRound(round, devices, receivedAt, answeredAt);
                long[] micros = results[0];
                long[] accept = results[1];
                line("latency %s: %d commands, REST call -> frame at the meter over MQTT: p50 %.1f ms, p95 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms", round, micros.length, pct(micros, 50), pct(micros, 95),
                        pct(micros, 99), micros[micros.length - 1] / 1000.0);
                line("  of which the REST call itself (202 received): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                        pct(accept, 50), pct(accept, 95), pct(accept, 99));
            }
            line("  Pub call as the service timed it (all rounds): %s", pubCallQuantiles());
        } finally {
            for (MqttClient client : clients) {
                client.disconnect();
                client.close();
            }
        }
    }

    /** Returns {end-to-end micros, REST call micros}, each sorted. */
    private long[][] latencyRound(String round, List<RegisteredDevice> devices, Map<String, Long> receivedAt,
            Map<String, Long> answeredAt) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < commands; i = next.getAndIncrement()) {
                    RegisteredDevice d = devices.get(i % devices.size());
                    String arg = round + i;
                    CountDownLatch arrived = new CountDownLatch(1);
                    arrivals.put(arg, arrived);
                    long start = System.nanoTime();
                    sentAt.put(arg, start);
                    require(post("/api/v1/meters/" + PK + "/" + d.deviceName() + "/commands",
                            Map.of("args", List.of(arg)), null), 202);
                    answeredAt.put(arg, System.nanoTime());
                    // One command in flight per client: wait until the meter has it before sending the next.
                    if (!receivedAt.containsKey(arg)) {
                        arrived.await(30, TimeUnit.SECONDS);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        long[] micros = sentAt.entrySet().stream()
                .mapToLong(e -> (receivedAt.getOrDefault(e.getKey(), Long.MAX_VALUE) - e.getValue()) / 1000)
                .sorted().toArray();
        long lost = Arrays.stream(micros).filter(m -> m > TimeUnit.SECONDS.toMicros(60)).count();
        if (lost > 0) {
            throw new IllegalStateException(lost + " commands of the " + round + " round never reached their meter");
        }
        long[] accept = sentAt.entrySet().stream().mapToLong(e -> (answeredAt.get(e.getKey()) - e.getValue()) / 1000)
                .sorted().toArray();
        return new long[][] {micros, accept};
    }

    private void bulk(List<String> bulkMeters, int qps) throws Exception {
        String arg = "bulk" + qps;
        List<Map<String, String>> targets = bulkMeters.stream().map(dn -> Map.of("productKey", PK, "deviceName", dn))
                .toList();
        long start = System.nanoTime();
        HttpResponse<String> created = require(post("/api/v1/command-jobs", Map.of("args", List.of(arg),
                "targets", targets), null), 202);
        double createSeconds = (System.nanoTime() - start) / 1e9;
        String id = JSON.readTree(created.body()).path("id").asText();
        JsonNode job;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + bulkMeters.size() / 50);
        while (true) {
            job = JSON.readTree(require(get("/api/v1/command-jobs/" + id), 200).body());
            if (!"RUNNING".equals(job.path("state").asText()) || System.nanoTime() > deadline) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        List<Instant> times = new ArrayList<>();
        for (AcceptedPub pub : platform.cloudApi().pubLog()) {
            if (new String(pub.content(), StandardCharsets.US_ASCII).endsWith("," + arg)) {
                times.add(pub.receivedAt());
            }
        }
        times.sort(null);
        double spanSeconds = times.size() < 2 ? 0
                : Duration.between(times.get(0), times.get(times.size() - 1)).toNanos() / 1e9;
        int busiest = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i).minusSeconds(1).isAfter(times.get(j))) {
                j++;
            }
            busiest = Math.max(busiest, i - j + 1);
        }
        double rate = spanSeconds > 0 ? (times.size() - 1) / spanSeconds : 0;
        line("bulk job to %d meters at configured pub-qps %d: state %s, sent %d, failed %d, expired %d; "
                + "job stored in %.1f s, done in %.1f s", bulkMeters.size(), qps, job.path("state").asText(),
                job.path("sent").asLong(), job.path("failed").asLong(), job.path("expired").asLong(), createSeconds,
                wallSeconds);
        line("  Pub calls the platform accepted: %d, achieved %.0f Pub/s = %.0f %% of the configured %d; busiest "
                + "second %d; throttling errors seen by the service: %s", times.size(), rate, 100 * rate / qps, qps,
                busiest, throttles());
    }

    /** The service's own Pub latency quantiles (Micrometer summary of the platform gateway). */
    private String pubCallQuantiles() {
        StringBuilder sb = new StringBuilder();
        for (String metricLine : scrape().text().split("\n")) {
            if (metricLine.startsWith("meterlink_command_send_latency_seconds{") && metricLine.contains("platform")
                    && metricLine.contains("quantile=")) {
                String quantile = metricLine.replaceAll(".*quantile=\"([0-9.]+)\".*", "$1");
                double ms = Double.parseDouble(metricLine.substring(metricLine.lastIndexOf(' ') + 1)) * 1000;
                sb.append(sb.length() == 0 ? "" : ", ").append("p").append(Math.round(Double.parseDouble(quantile)
                        * 100)).append(String.format(" %.1f ms", ms));
            }
        }
        return sb.toString();
    }

    private String throttles() {
        return String.valueOf(scrape().sum("meterlink_command_send_errors_total", "Throttling"));
    }

    /** The service's {@code /q/metrics}; a figure read from a service that did not answer would be made up. */
    private PrometheusScrape scrape() {
        PrometheusScrape metrics = service.metrics();
        if (metrics.text().isEmpty()) {
            throw new IllegalStateException(service + " did not answer /q/metrics; see " + service.log());
        }
        return metrics;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Object body, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> require(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": "
                    + r.body());
        }
        return r;
    }

    private static double pct(long[] sortedMicros, int p) {
        int index = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, index)] / 1000.0;
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }

    private void close() throws Exception {
        stopService();
        if (platform != null) {
            platform.close();
        }
    }
}
