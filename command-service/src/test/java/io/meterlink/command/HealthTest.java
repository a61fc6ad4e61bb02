package io.meterlink.command;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Readiness follows the database and Kafka; liveness follows the sender. */
@QuarkusTest
class HealthTest {

    @Test
    void isReadyOnceItsDatabaseAnswers() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void isLiveWhileTheSenderRunsAndReportsTheLegacyConnection() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks.find { it.name == 'command-sender' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'command-sender' }.data.running", equalTo(true))
                .body("checks.find { it.name == 'command-sender' }.data.legacyConnected", equalTo(true));
    }
}
