package io.meterlink.alert;

import io.meterlink.alert.support.AlertServiceTestBase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Health and metrics endpoints as Kubernetes and Prometheus see them. */
@QuarkusTest
class HealthTest extends AlertServiceTestBase {

    @Test
    void isReadyOnceItsDatabaseAndKafkaAnswer() {
        // Kafka readiness comes from the clients' live connections, which open after start-up: when this class runs
        // first (or alone) the app may not be ready yet, so wait for it as Kubernetes would.
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check")));
    }

    @Test
    void isLiveWhileItsSmsSendersRun() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks.find { it.name == 'SMS outbox' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'SMS outbox' }.data.workers", equalTo(4));
    }

    @Test
    void metricsCountAlertsByRuleAndShowConsumerLag() {
        String meter = newMeter("metrics");
        readings().send("pk-metrics", meter, alarm(77, 1));
        awaitAlert("pk-metrics", meter, "alarm_code", io.meterlink.alert.repository.AlertStatus.OPEN);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("meterlink_alerts_opened_total{rule=\"alarm_code\"}"))
                .body(containsString("meterlink_readings_total{outcome=\"applied\"}"))
                .body(containsString("meterlink_readings_delay_seconds"))
                .body(containsString("kafka_consumer_fetch_manager_records_lag_max")));
    }
}
