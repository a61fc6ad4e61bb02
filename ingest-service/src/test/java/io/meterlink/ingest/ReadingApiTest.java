package io.meterlink.ingest;

import io.meterlink.api.Problem;
import io.meterlink.ingest.support.IngestDatabase;
import io.meterlink.ingest.support.PlatformQueue;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The read API: a meter's readings in a range come oldest first, a page at a time with the range's total; bad
 * parameters are named; only operators and admins may read (household consumption is personal data), while health
 * and metrics stay open.
 */
@QuarkusTest
class ReadingApiTest {

    private static final String PRODUCT_KEY = "a1MeterLink";

    @Test
    void rangeIsPagedOldestFirstWithTheTotalOfTheRange() {
        String deviceName = PlatformQueue.platform().registry().device(25).deviceName();
        String topic = "/" + PRODUCT_KEY + "/" + deviceName + "/user/data/up";
        Instant from = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        Instant to = from.plus(Duration.ofMinutes(75));
        // Five readings in [from, to), every 15 minutes, sent newest first; one just before from and one exactly at
        // to, both outside the range.
        for (int i = 4; i >= 0; i--) {
            put(topic, from.plus(Duration.ofMinutes(15L * i)), 0x100 + i);
        }
        put(topic, from.minusSeconds(60), 0x0ff);
        put(topic, to, 0x105);
        await().atMost(Duration.ofSeconds(30)).until(() -> IngestDatabase.count(
                "SELECT count(*) FROM ingest.reading WHERE device_name = ?", deviceName) == 7);

        String path = "/api/v1/readings/" + PRODUCT_KEY + "/" + deviceName;
        given().auth().oauth2(TestTokens.operator("operator-1"))
                .queryParam("from", from.toString()).queryParam("to", to.toString()).queryParam("size", 2)
                .when().get(path)
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("total", equalTo(5))
                .body("items.generateTime", contains(from.toString(), from.plusSeconds(900).toString()))
                .body("items.reading.energyHundredthsKwh", contains(0x100, 0x101));
        given().auth().oauth2(TestTokens.admin("admin-1"))
                .queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("page", 2).queryParam("size", 2)
                .when().get(path)
                .then().statusCode(200)
                .body("total", equalTo(5))
                .body("items", hasSize(1))
                .body("items[0].generateTime", equalTo(from.plus(Duration.ofMinutes(60)).toString()));
        // Without page and size: the first 50, i.e. all five.
        given().auth().oauth2(TestTokens.operator("operator-1"))
                .queryParam("from", from.toString()).queryParam("to", to.toString())
                .when().get(path)
                .then().statusCode(200)
                .body("size", equalTo(50))
                .body("items", hasSize(5))
                .body("items[0].productKey", equalTo(PRODUCT_KEY))
                .body("items[0].deviceName", equalTo(deviceName));
    }

    @Test
    void badRangeAndPagingParametersAreNamed() {
        String path = "/api/v1/readings/" + PRODUCT_KEY + "/meter-000026";
        String from = "2026-11-01T00:00:00Z";
        assertInvalid(path + "?to=2026-11-02T00:00:00Z", "from");
        assertInvalid(path + "?from=" + from + "&to=tomorrow", "to");
        assertInvalid(path + "?from=" + from + "&to=" + from, "to");
        assertInvalid(path + "?from=" + from + "&to=2026-10-31T00:00:00Z", "to");
        // 31 days is the most one query may span.
        given().auth().oauth2(TestTokens.operator("operator-1"))
                .when().get(path + "?from=" + from + "&to=2026-12-02T00:00:00Z")
                .then().statusCode(200)
                .body("total", equalTo(0));
        assertInvalid(path + "?from=" + from + "&to=2026-12-02T00:00:01Z", "to");
        assertInvalid(path + "?from=" + from + "&to=2026-11-02T00:00:00Z&page=-1", "page");
        assertInvalid(path + "?from=" + from + "&to=2026-11-02T00:00:00Z&size=0", "size");
        assertInvalid(path + "?from=" + from + "&to=2026-11-02T00:00:00Z&size=1001", "size");
    }

    @Test
    void withoutATokenTheApiAnswers401() {
        for (String path : List.of("/api/v1/readings/a1MeterLink/meter-000010/latest",
                "/api/v1/readings/a1MeterLink/meter-000010?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")) {
            given().when().get(path)
                    .then().statusCode(401)
                    .contentType(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", "Bearer")
                    .body("status", equalTo(401));
            given().auth().oauth2("not-a-token").when().get(path)
                    .then().statusCode(401)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("status", equalTo(401));
        }
    }

    @Test
    void aTokenOfAnotherRoleIsRefusedWith403() {
        for (String path : List.of("/api/v1/readings/a1MeterLink/meter-000010/latest",
                "/api/v1/readings/a1MeterLink/meter-000010?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")) {
            given().auth().oauth2(TestTokens.mint("x", "auditor")).when().get(path)
                    .then().statusCode(403)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("status", equalTo(403));
            given().auth().oauth2(TestTokens.mint("y")).when().get(path)
                    .then().statusCode(403)
                    .contentType(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    private static void assertInvalid(String pathAndQuery, String field) {
        given().auth().oauth2(TestTokens.operator("operator-1"))
                .when().get(pathAndQuery)
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("field", equalTo(field));
    }

    private static void put(String topic, Instant generateTime, int energy) {
        String frame = String.format("DE02,10,20,110000000,am000,%x", energy);
        PlatformQueue.put(topic, "range-" + UUID.randomUUID(), generateTime.toEpochMilli(),
                frame.getBytes(StandardCharsets.US_ASCII));
    }
}
