package io.meterlink.command;

import io.meterlink.testbed.quarkus.JwtKeysResource;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.meterlink.testbed.quarkus.IotPlatformResource;
import io.meterlink.testbed.quarkus.KafkaResource;
import io.meterlink.testbed.quarkus.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Readiness follows the database and Kafka; liveness follows the sender. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "command"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = IotPlatformResource.class, initArgs = @ResourceArg(name = "devices", value = "1100"))
@QuarkusTestResource(JwtKeysResource.class)
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
