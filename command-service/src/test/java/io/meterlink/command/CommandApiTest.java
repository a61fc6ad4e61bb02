package io.meterlink.command;

import static io.meterlink.command.Testbed.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.api.Problem;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The single-command API: what it accepts, how it refuses, idempotent retries and the caller limit. */
@QuarkusTest
class CommandApiTest {

    private static final String PK = "a1CommandApi";
    private static final String URL = "/api/v1/meters/" + PK + "/api-0001/commands";

    private final String operator = TestTokens.operator("oscar");

    @BeforeEach
    void meters() {
        Testbed.register(PK, List.of("api-0001", "api-0002", "api-0003"));
    }

    @Test
    void acceptsACommandBuildsTheFrameAndAnswersWithItsId() {
        Response r = as(operator).body(Map.of("args", List.of("ad322", "7"))).post(URL);
        r.then().statusCode(202)
                .header("Location", matchesPattern(".*/api/v1/commands/[0-9a-f-]{36}"))
                .header("Idempotent-Replayed", "false")
                .body("productKey", equalTo(PK))
                .body("deviceName", equalTo("api-0001"))
                .body("args", equalTo(List.of("ad322", "7")))
                .body("requestedBy", equalTo("oscar"))
                .body("state", equalTo("ACCEPTED"));
        int seq = r.path("seq");
        assertEquals("CMD," + seq + ",ad322,7", r.path("payload"));
        as(operator).get("/api/v1/commands/" + r.path("id")).then().statusCode(200).body("seq", equalTo(seq));
    }

    @Test
    void seqIsNewForEveryCommandToTheSameMeter() {
        int first = as(operator).body(Map.of("args", List.of("a1"))).post("/api/v1/meters/" + PK + "/api-0002/commands")
                .then().statusCode(202).extract().path("seq");
        int second = as(operator)
                .body(Map.of("args", List.of("a1"))).post("/api/v1/meters/" + PK + "/api-0002/commands")
                .then().statusCode(202).extract().path("seq");
        assertEquals(first % 99999 + 1, second);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndWhy() {
        as(operator).body(Map.of("args", List.of("ok", "a-b"))).post(URL).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", notNullValue()).body("title", notNullValue()).body("status", equalTo(400))
                .body("field", equalTo("args[1]"))
                .body("errors[0].field", equalTo("args[1]"))
                .body("detail", containsString("A-Z, a-z, 0-9"));
        as(operator).body(Map.of("args", List.of("a".repeat(33)))).post(URL).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("args[0]")).body("detail", containsString("longer than 32"));
        as(operator).body(Map.of("args", List.of())).post(URL).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("args"));
        as(operator).body(Map.of("ttlSeconds", 60)).post(URL).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("args")).body("detail", containsString("must not be null"));
        as(operator).body(Map.of("args", Arrays.asList("ok", null))).post(URL).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("args[1]"));
        as(operator).body(Map.of("args", List.of("ok"), "ttlSeconds", -5)).post(URL).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("ttlSeconds"));
        as(operator).body(Map.of("args", List.of("ok"), "ttlSeconds", 999_999_999)).post(URL).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("ttlSeconds")).body("detail", containsString("1-604800"));
        as(operator).post(URL).then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("field", equalTo("body"));
        as(operator).body(Map.of("args", "ad322")).post(URL).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("args"));
        as(operator).body("{\"args\": [\"ad322\"").post(URL).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("not valid JSON"));
        as(operator).body(Map.of("args", List.of("ok"))).post("/api/v1/meters/" + PK + "/a%2Fb/commands")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("field", equalTo("deviceName"));
        as(operator).body(Map.of("args", List.of("ok"))).post("/api/v1/meters/bad-pk!/api-0001/commands")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("field", equalTo("productKey"));
        as(operator).header("Idempotency-Key", "has space").body(Map.of("args", List.of("ok"))).post(URL)
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("field", equalTo("Idempotency-Key"));
        as(operator).get("/api/v1/meters?migrationState=SIDEWAYS").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("migrationState"));
        as(operator).get("/api/v1/meters?silentSince=yesterday").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("silentSince"));
        as(operator).get("/api/v1/meters?size=100000").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("size"));
    }

    @Test
    void unknownMetersAndCommandsAre404() {
        as(operator).body(Map.of("args", List.of("ok"))).post("/api/v1/meters/" + PK + "/never-registered/commands")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("not registered"));
        as(operator).get("/api/v1/commands/7d0b1e5c-0000-4000-8000-000000000000").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        as(operator).get("/api/v1/meters/" + PK + "/never-registered").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        as(operator).get("/api/v1/commands/not-a-uuid").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("field", equalTo("id"));
    }

    @Test
    void aRetriedRequestWithTheSameIdempotencyKeyReturnsTheFirstCommand() {
        String url = "/api/v1/meters/" + PK + "/api-0003/commands";
        String key = "retry-" + System.nanoTime();
        Response first = as(operator).header("Idempotency-Key", key).body(Map.of("args", List.of("cfg1"))).post(url);
        first.then().statusCode(202).header("Idempotent-Replayed", "false");
        Response again = as(operator).header("Idempotency-Key", key).body(Map.of("args", List.of("cfg1"))).post(url);
        again.then().statusCode(202).header("Idempotent-Replayed", "true");
        assertEquals((String) first.path("id"), again.path("id"));
        assertEquals((int) first.path("seq"), (int) again.path("seq"));

        List<String> ids = as(operator).get(url + "?size=100").then().statusCode(200).extract().path("items.id");
        assertEquals(1, ids.stream().filter(id -> id.equals(first.path("id"))).count());
        assertEquals(1, ids.stream().filter(id -> {
            String payload = as(operator).get("/api/v1/commands/" + id).path("payload");
            return payload.endsWith(",cfg1");
        }).count(), "exactly one command carries the retried configuration");

        // The key is the caller's: another user with the same key gets a command of its own.
        String other = as(TestTokens.operator("otto")).header("Idempotency-Key", key)
                .body(Map.of("args", List.of("cfg1")))
                .post(url).then().statusCode(202).header("Idempotent-Replayed", "false").extract().path("id");
        assertNotEquals((String) first.path("id"), other);

        // Reusing the key for something else is refused rather than silently answered with the old command.
        as(operator).header("Idempotency-Key", key).body(Map.of("args", List.of("cfg2"))).post(url)
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE).body("field", equalTo("Idempotency-Key"))
                .body("detail", containsString((String) first.path("id")));
    }

    @Test
    void listsAMetersCommandsNewestFirstPageByPage() {
        String url = "/api/v1/meters/" + PK + "/api-0002/commands";
        for (int i = 0; i < 3; i++) {
            as(operator).body(Map.of("args", List.of("page" + i))).post(url).then().statusCode(202);
        }
        Response page = as(operator).get(url + "?page=0&size=2");
        page.then().statusCode(200).body("size", equalTo(2)).body("total", greaterThanOrEqualTo(3))
                .body("items.size()", equalTo(2));
        List<Integer> seqs = page.path("items.seq");
        assertTrue(seqs.get(0) > seqs.get(1), "newest first: " + seqs);
        assertEquals(List.of("page2"), page.path("items[0].args"));
    }

    @Test
    void aCallerOverItsLimitIsToldWhenToComeBack() {
        String greedy = TestTokens.operator("greedy-" + System.nanoTime());
        Response refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            Response r = as(greedy).get("/api/v1/meters/" + PK + "/api-0001");
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                assertEquals(200, r.statusCode());
            }
        }
        assertTrue(refused != null, "no 429 within 200 requests");
        refused.then().contentType(Problem.MEDIA_TYPE).header("Retry-After", notNullValue())
                .body("status", equalTo(429)).body("title", equalTo("Too Many Requests"))
                .body("detail", containsString("over its limit"));
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
        // Others are not affected by one caller's excess.
        as(operator).get("/api/v1/meters/" + PK + "/api-0001").then().statusCode(200);
    }
}
