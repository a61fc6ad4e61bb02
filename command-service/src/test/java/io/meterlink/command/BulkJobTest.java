package io.meterlink.command;

import static io.meterlink.command.Testbed.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.meterlink.api.Problem;
import io.meterlink.command.gateway.PlatformGateway;
import io.meterlink.command.gateway.SendOutcome;
import io.meterlink.command.repository.CommandQueue;
import io.meterlink.command.sender.CommandSender;
import io.meterlink.domain.frame.CommandFrameCodec;
import io.meterlink.domain.frame.CommandFrameResult;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.testbed.cloudapi.AcceptedPub;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.quarkus.IotPlatformResource;
import io.meterlink.testbed.quarkus.ReadingEvents;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Bulk jobs through the real Pub API: exact counts, pacing under the configured QPS, pause/resume/cancel, and a
 * restart in the middle that leaves behind what a crash leaves (commands claimed but not recorded), after which the
 * job finishes without any meter getting its command twice.
 */
@QuarkusTest
class BulkJobTest {

    private static final String PK = IotPlatform.DEFAULT_PRODUCT_KEY;
    /** Meters 101..1100 of the stand-in's registry; the single-command tests use the first few. */
    private static final int FIRST = 101;
    private static final int COUNT = 1000;

    @Inject
    CommandSender sender;
    @Inject
    PlatformGateway gateway;
    @Inject
    AgroalDataSource dataSource;

    private final String admin = TestTokens.admin("bulk-admin");

    private static List<String> meters(int first, int count) {
        return IntStream.range(first, first + count).mapToObj(DeviceRegistry::deviceName).toList();
    }

    /** Registers the meters and lets the platform path report them, so they route through Pub. */
    private void migrated(List<String> names) {
        Testbed.register(PK, names);
        Testbed.readings().sendAll(names.stream().map(dn -> ReadingEvents.event(PK, dn,
                "DE02,10,17,011101010,am000,1d478f", Instant.now())).toList());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> as(admin)
                .get("/api/v1/meters?productKey=" + PK + "&migrationState=PLATFORM&size=1").then()
                .body("total", greaterThanOrEqualTo(names.size())));
    }

    private Response createJob(List<String> names, String arg) {
        List<Map<String, String>> targets = names.stream()
                .map(dn -> Map.of("productKey", PK, "deviceName", dn)).toList();
        Response r = as(admin).body(Map.of("args", List.of(arg), "targets", targets)).post("/api/v1/command-jobs");
        r.then().statusCode(202).body("total", equalTo(names.size())).body("state", equalTo("RUNNING"));
        return r;
    }

    private Response job(String id) {
        return as(admin).get("/api/v1/command-jobs/" + id);
    }

    @Test
    void aJobInterruptedByARestartFinishesWithExactCountsAndNoDuplicates() throws Exception {
        List<String> names = meters(FIRST, COUNT);
        migrated(names);
        String arg = "bulk" + Long.toString(System.nanoTime(), 36);
        String jobId = createJob(names, arg).path("id");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> job(jobId).<Integer>path("sent") >= 200);
        try {
            restartMidJob(jobId, arg);
        } finally {
            if (!sender.isRunning()) {
                sender.start();
            }
        }
    }

    private void restartMidJob(String jobId, String arg) throws Exception {
        // A graceful stop: in-flight sends finish and are recorded.
        sender.stop();
        int sentAtStop = job(jobId).path("sent");
        assertEquals(0, (int) job(jobId).path("sending"));
        assertTrue(sentAtStop < COUNT, "the job finished before the restart: " + sentAtStop);

        // What a second replica that crashed mid-send leaves behind: two commands claimed, one of them already
        // published, neither recorded.
        List<UUID> claimedByCrashed = simulateCrashedSender(jobId, 2);
        SendOutcome published = publishAsTheCrashedSenderDid(claimedByCrashed.get(0));
        assertTrue(published instanceof SendOutcome.Delivered, published.toString());

        // The restart: recovery first, then the workers carry on.
        sender.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> job(jobId).then().body("state", equalTo("COMPLETED")));
        job(jobId).then()
                .body("total", equalTo(COUNT))
                .body("sent", equalTo(COUNT - 2))
                .body("failed", equalTo(2))
                .body("waiting", equalTo(0))
                .body("sending", equalTo(0))
                .body("expired", equalTo(0))
                .body("cancelled", equalTo(0));
        for (UUID id : claimedByCrashed) {
            as(admin).get("/api/v1/commands/" + id).then().body("state", equalTo("FAILED"))
                    .body("errorCode", equalTo(CommandQueue.IN_DOUBT))
                    .body("errorMessage", containsString("crashed-replica"));
        }

        // What the platform received: each meter at most once, every SENT command exactly once under its MessageId.
        Map<String, List<AcceptedPub>> pubsByTopic = new HashMap<>();
        for (AcceptedPub pub : IotPlatformResource.platform().cloudApi().pubLog()) {
            if (new String(pub.content(), StandardCharsets.US_ASCII).endsWith("," + arg)) {
                pubsByTopic.computeIfAbsent(pub.topicFullName(), t -> new ArrayList<>()).add(pub);
            }
        }
        pubsByTopic.forEach((topic, pubs) -> assertEquals(1, pubs.size(), topic + " got the command twice"));
        assertEquals(COUNT - 1, pubsByTopic.size(), "998 sent + 1 published by the crashed sender");
        Map<String, String> sentMessageIds = sentMessageIds(jobId);
        assertEquals(COUNT - 2, sentMessageIds.size());
        sentMessageIds.forEach((topic, messageId) -> {
            AcceptedPub pub = pubsByTopic.get(topic).get(0);
            assertEquals(messageId, pub.messageId());
            CommandFrameResult frame = CommandFrameCodec.parse(pub.content());
            assertTrue(frame instanceof CommandFrameResult.Parsed p && p.frame().args().equals(List.of(arg)),
                    frame.toString());
        });

        // Pacing: never more than the configured 400 Pub/s (+ burst 20) in any second.
        List<Instant> times = pubsByTopic.values().stream().map(p -> p.get(0).receivedAt()).sorted().toList();
        int worst = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i).minusSeconds(1).isAfter(times.get(j))) {
                j++;
            }
            worst = Math.max(worst, i - j + 1);
        }
        assertTrue(worst <= 400 + 20 + 5, "busiest second had " + worst + " Pub calls");
    }

    /** Moves {@code count} waiting commands of the job to SENDING under a dead replica whose lease has run out. */
    private List<UUID> simulateCrashedSender(String jobId, int count) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE command SET state = 'SENDING', attempts = attempts + 1, claimed_by = 'crashed-replica',
                       claimed_until = now() - interval '1 second', route = 'PLATFORM'
                WHERE id IN (SELECT id FROM command WHERE job_id = ? AND state = 'ACCEPTED' LIMIT ?)
                RETURNING id""")) {
            ps.setObject(1, UUID.fromString(jobId));
            ps.setInt(2, count);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        assertEquals(count, ids.size());
        return ids;
    }

    private SendOutcome publishAsTheCrashedSenderDid(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT product_key, device_name, payload FROM command WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return gateway.send(rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    /** Topic → MessageId of every SENT command of the job. */
    private Map<String, String> sentMessageIds(String jobId) throws Exception {
        Map<String, String> ids = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT product_key, device_name, message_id FROM command WHERE job_id = ? AND state = 'SENT'")) {
            ps.setObject(1, UUID.fromString(jobId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(TopicMapping.cmdDown(rs.getString(1), rs.getString(2)).fullName(), rs.getString(3));
                }
            }
        }
        return ids;
    }

    @Test
    void pauseResumeAndCancelFollowTheJobsState() {
        List<String> names = meters(FIRST + COUNT - 60, 60);
        migrated(names);
        String jobId = createJob(names, "pause1").path("id");
        as(admin).post("/api/v1/command-jobs/" + jobId + "/pause").then().statusCode(200)
                .body("state", equalTo("PAUSED")).body("updatedBy", equalTo("bulk-admin"));
        // Pausing twice is what a retried request does: fine.
        as(admin).post("/api/v1/command-jobs/" + jobId + "/pause").then().statusCode(200);
        // Sends already in flight when the pause came still finish; after them nothing more goes out.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> job(jobId).<Integer>path("sending") == 0);
        int sentWhenPaused = job(jobId).path("sent");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(400))
                .until(() -> job(jobId).<Integer>path("sent") == sentWhenPaused);

        as(admin).post("/api/v1/command-jobs/" + jobId + "/resume").then().statusCode(200)
                .body("state", equalTo("RUNNING"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> job(jobId).then().body("state", equalTo("COMPLETED")).body("sent", equalTo(60)));
        as(admin).post("/api/v1/command-jobs/" + jobId + "/pause").then().statusCode(409)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("COMPLETED"));
        as(admin).post("/api/v1/command-jobs/" + jobId + "/cancel").then().statusCode(409)
                .contentType(Problem.MEDIA_TYPE);

        String second = createJob(names, "cancel1").path("id");
        as(admin).post("/api/v1/command-jobs/" + second + "/pause").then().statusCode(200);
        Response cancelled = as(admin).post("/api/v1/command-jobs/" + second + "/cancel");
        cancelled.then().statusCode(200).body("state", equalTo("CANCELLED")).body("waiting", equalTo(0));
        assertEquals(60, cancelled.<Integer>path("sent") + cancelled.<Integer>path("cancelled")
                + cancelled.<Integer>path("sending"));
        as(admin).post("/api/v1/command-jobs/" + second + "/cancel").then().statusCode(200);
        as(admin).post("/api/v1/command-jobs/" + second + "/resume").then().statusCode(409)
                .contentType(Problem.MEDIA_TYPE);
        as(admin).get("/api/v1/command-jobs/" + second + "/commands?state=CANCELLED&size=100").then().statusCode(200)
                .body("total", equalTo(cancelled.<Integer>path("cancelled")));
    }

    /**
     * A pause chosen as a deadlock victim: the caller is told to retry (503 + Retry-After), the job is as it was,
     * and the retry succeeds. The other transaction waits on the job row only once the pause waits on its command
     * row, so PostgreSQL's deadlock check fires in the pause first.
     */
    @Test
    void aPauseThatLosesADeadlockIsAnsweredWithRetryAfter() throws Exception {
        List<String> names = meters(FIRST + 500, 3);
        Testbed.register(PK, names);
        sender.stop();
        try {
            String jobId = createJob(names, "victim1").path("id");
            UUID job = UUID.fromString(jobId);
            CompletableFuture<Response> pause;
            try (Connection other = dataSource.getConnection()) {
                other.setAutoCommit(false);
                try (PreparedStatement ps = other.prepareStatement(
                        "SELECT id FROM command WHERE job_id = ? LIMIT 1 FOR UPDATE")) {
                    ps.setObject(1, job);
                    ps.executeQuery().close();
                }
                pause = CompletableFuture.supplyAsync(() -> as(admin).post("/api/v1/command-jobs/" + jobId + "/pause"));
                Testbed.awaitLockWait(dataSource, "UPDATE command SET held%");
                try (PreparedStatement ps = other.prepareStatement(
                        "SELECT id FROM command_job WHERE id = ? FOR UPDATE")) {
                    ps.setObject(1, job);
                    ps.executeQuery().close();
                }
                other.rollback();
            }
            pause.get(30, TimeUnit.SECONDS).then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                    .header("Retry-After", "1")
                    .body("detail", containsString("40P01"));
            job(jobId).then().body("state", equalTo("RUNNING")).body("waiting", equalTo(3));
            as(admin).post("/api/v1/command-jobs/" + jobId + "/pause").then().statusCode(200)
                    .body("state", equalTo("PAUSED"));
            as(admin).post("/api/v1/command-jobs/" + jobId + "/cancel").then().statusCode(200);
        } finally {
            sender.start();
        }
    }

    @Test
    void commandsOfAPausedJobExpireWhenItsTtlPasses() {
        // Enough meters that the pause lands long before the pacer (400/s) could have sent them all.
        List<String> names = meters(FIRST + 100, 300);
        migrated(names);
        List<Map<String, String>> targets = names.stream()
                .map(dn -> Map.of("productKey", PK, "deviceName", dn)).toList();
        String jobId = as(admin).body(Map.of("args", List.of("ttl1"), "targets", targets, "ttlSeconds", 2))
                .post("/api/v1/command-jobs").then().statusCode(202).extract().path("id");
        as(admin).post("/api/v1/command-jobs/" + jobId + "/pause").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Response job = job(jobId);
            job.then().body("waiting", equalTo(0));
            assertEquals(300, job.<Integer>path("sent") + job.<Integer>path("expired"));
        });
        int expired = job(jobId).path("expired");
        assertTrue(expired > 0, "every command was sent before the pause");
        assertEquals(0, (int) job(jobId).path("failed"));
        as(admin).get("/api/v1/command-jobs/" + jobId + "/commands?state=EXPIRED").then()
                .body("items[0].errorMessage", containsString("TTL"));
        // Nothing left to send: resuming completes it.
        as(admin).post("/api/v1/command-jobs/" + jobId + "/resume").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> job(jobId).then().body("state", equalTo("COMPLETED")));
    }

    @Test
    void aJobRequestIsCheckedBeforeAnythingIsStored() {
        as(admin).body(Map.of("args", List.of("x1"))).post("/api/v1/command-jobs").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("targets"));
        as(admin).body(Map.of("args", List.of("x1"), "productKey", PK, "targets", List.of(Map.of("productKey", PK,
                "deviceName", "meter-000001")))).post("/api/v1/command-jobs").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("targets"));
        as(admin).body(Map.of("args", List.of("x1"), "targets", List.of(Map.of("productKey", PK,
                "deviceName", "nobody-0001")))).post("/api/v1/command-jobs").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("targets")).body("detail", containsString(PK + "/nobody-0001"));
        as(admin).body(Map.of("args", List.of("x1"), "targets", List.of(Map.of("productKey", PK,
                "deviceName", "no")))).post("/api/v1/command-jobs").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("targets[0].deviceName"));
        as(admin).body(Map.of("args", List.of("x-1"), "productKey", PK)).post("/api/v1/command-jobs").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE).body("field", equalTo("args[0]"));
        as(admin).body(Map.of("args", List.of("x1"), "productKey", "a1NoMeters")).post("/api/v1/command-jobs")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        as(admin).get("/api/v1/command-jobs/7d0b1e5c-0000-4000-8000-000000000000").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        as(admin).post("/api/v1/command-jobs/7d0b1e5c-0000-4000-8000-000000000000/pause").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aRetriedJobRequestReturnsTheFirstJob() {
        List<String> names = meters(FIRST + COUNT - 70, 5);
        migrated(names);
        List<Map<String, String>> targets = names.stream()
                .map(dn -> Map.of("productKey", PK, "deviceName", dn)).toList();
        Map<String, Object> body = Map.of("args", List.of("idem1"), "targets", targets);
        String key = "job-" + System.nanoTime();
        String first = as(admin).header("Idempotency-Key", key).body(body).post("/api/v1/command-jobs").then()
                .statusCode(202).header("Idempotent-Replayed", "false").extract().path("id");
        as(admin).header("Idempotency-Key", key).body(body).post("/api/v1/command-jobs").then()
                .statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(first));
        as(admin).header("Idempotency-Key", key).body(Map.of("args", List.of("idem2"), "targets", targets))
                .post("/api/v1/command-jobs").then().statusCode(422).contentType(Problem.MEDIA_TYPE);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> job(first).then().body("state", equalTo("COMPLETED")).body("sent", equalTo(5)));
        Set<String> sentTo = new HashSet<>(as(admin).get("/api/v1/command-jobs/" + first + "/commands?state=SENT")
                .path("items.deviceName"));
        assertEquals(new HashSet<>(names), sentTo);
    }
}
