package io.meterlink.command;

import static io.meterlink.command.Testbed.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meterlink.api.Problem;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key under the conditions a flaky mobile network creates: the same job request sent several times at
 * once (one job, the others replays of it, never a 500), and a single command retried with a different TTL (a
 * different request, so the key is refused rather than silently answered with the old command).
 */
@QuarkusTest
class IdempotencyRaceTest {

    private static final String PK = IotPlatform.DEFAULT_PRODUCT_KEY;

    private final String admin = TestTokens.admin("ida");
    private final String operator = TestTokens.operator("ivo");

    @Test
    void concurrentJobCreationsWithOneIdempotencyKeyCreateOneJobAndReplayIt() throws Exception {
        List<String> names = IntStream.rangeClosed(1, 40).mapToObj(i -> String.format("race-%04d", i)).toList();
        Testbed.register(PK, names);
        Map<String, Object> body = Map.of("args", List.of("race1"), "targets",
                names.stream().map(dn -> Map.of("productKey", PK, "deviceName", dn)).toList());
        String key = "race-" + System.nanoTime();
        int clients = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return as(admin).header("Idempotency-Key", key).body(body).post("/api/v1/command-jobs");
            }));
        }
        start.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> f : answers) {
            responses.add(f.get());
        }
        pool.shutdown();

        for (Response r : responses) {
            assertEquals(202, r.statusCode(), "a concurrent repeat is a replay, not an error: " + r.asString());
        }
        Set<String> jobIds = responses.stream().map(r -> r.<String>path("id")).collect(Collectors.toSet());
        assertEquals(1, jobIds.size(), "one job for one key: " + jobIds);
        assertEquals(1, responses.stream().filter(r -> "false".equals(r.header("Idempotent-Replayed"))).count(),
                "exactly one request created it");
        as(admin).get("/api/v1/command-jobs/" + jobIds.iterator().next()).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(names.size()));
    }

    @Test
    void aSingleCommandReplayWithAnotherTtlIsRefusedNotAnsweredWithTheOldCommand() {
        String device = "race-ttl-0001";
        Testbed.register(PK, List.of(device));
        String url = "/api/v1/meters/" + PK + "/" + device + "/commands";
        String key = "ttl-" + System.nanoTime();
        as(operator).header("Idempotency-Key", key).body(Map.of("args", List.of("ttl1"), "ttlSeconds", 900))
                .post(url).then().statusCode(202).header("Idempotent-Replayed", "false");
        // The same request again is a replay ...
        as(operator).header("Idempotency-Key", key).body(Map.of("args", List.of("ttl1"), "ttlSeconds", 900))
                .post(url).then().statusCode(202).header("Idempotent-Replayed", "true");
        // ... but another TTL is another request.
        as(operator).header("Idempotency-Key", key).body(Map.of("args", List.of("ttl1"), "ttlSeconds", 60))
                .post(url).then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("field", org.hamcrest.Matchers.equalTo("Idempotency-Key"));
    }
}
