package io.meterlink.command;

import static io.meterlink.command.Testbed.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.meterlink.api.Problem;
import io.meterlink.testbed.embedded.DevTokens;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what: no token 401, untrusted token 401, operator 403 on admin operations, open ops endpoints. */
@QuarkusTest
class SecurityTest {

    private static final String PK = "a1Security";

    @BeforeEach
    void meters() {
        Testbed.register(PK, List.of("sec-0001"));
    }

    @Test
    void everyApiEndpointNeedsAToken() {
        given().get("/api/v1/meters").then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer").body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("type", equalTo("about:blank")).body("detail", containsString("bearer token"));
        given().get("/api/v1/meters/" + PK + "/sec-0001").then().statusCode(401);
        given().get("/api/v1/migration").then().statusCode(401);
        given().get("/api/v1/command-jobs").then().statusCode(401);
        given().get("/api/v1/commands/7d0b1e5c-0000-4000-8000-000000000000").then().statusCode(401);
        given().contentType("application/json").body(Map.of("args", List.of("ad322")))
                .post("/api/v1/meters/" + PK + "/sec-0001/commands").then().statusCode(401);
    }

    @Test
    void aTokenFromAnotherKeyOrIssuerIsRefused(@TempDir Path foreignKeys) {
        // Right issuer and claims, signed by a key the service was not given.
        String foreign = DevTokens.fresh(foreignKeys).mint("mallory", List.of("admin"), Duration.ofMinutes(5));
        given().header("Authorization", "Bearer " + foreign).get("/api/v1/meters").then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE);
        given().header("Authorization", "Bearer not-a-jwt").get("/api/v1/meters").then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aTokenWithoutAKnownRoleIsForbidden() {
        as(TestTokens.mint("guest", "viewer")).get("/api/v1/meters").then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE).body("status", equalTo(403)).body("title", equalTo("Forbidden"));
    }

    @Test
    void operatorsReadAndCommandOneMeterButCannotRunJobsOrChangeTheRegistry() {
        String operator = TestTokens.operator("olga");
        as(operator).get("/api/v1/meters?productKey=" + PK).then().statusCode(200).body("total", equalTo(1));
        as(operator).get("/api/v1/migration").then().statusCode(200);
        as(operator).body(Map.of("args", List.of("ad322"))).post("/api/v1/meters/" + PK + "/sec-0001/commands")
                .then().statusCode(202).body("requestedBy", equalTo("olga"));

        as(operator).body(Map.of("args", List.of("ad322"), "productKey", PK)).post("/api/v1/command-jobs")
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        as(operator).body(Map.of("meters", List.of(Map.of("productKey", PK, "deviceName", "sec-0002"))))
                .post("/api/v1/meters").then().statusCode(403);
        as(operator).body(Map.of("override", "PLATFORM")).put("/api/v1/meters/" + PK + "/sec-0001/route")
                .then().statusCode(403);
    }

    @Test
    void adminsMayDoEverything() {
        String admin = TestTokens.admin("ada");
        as(admin).get("/api/v1/meters/" + PK + "/sec-0001").then().statusCode(200);
        as(admin).body(Map.of("args", List.of("ad322"))).post("/api/v1/meters/" + PK + "/sec-0001/commands")
                .then().statusCode(202).body("requestedBy", equalTo("ada"));
        as(admin).body(Map.of("override", "LEGACY")).put("/api/v1/meters/" + PK + "/sec-0001/route")
                .then().statusCode(200).body("routeOverride", equalTo("LEGACY")).body("overrideBy", equalTo("ada"));
    }

    @Test
    void healthMetricsAndTheApiDocumentAreOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("meterlink_command_commands_total"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/command-jobs"));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
