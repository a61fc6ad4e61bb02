package io.meterlink.ingest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Operations surface: readiness covers every dependency, and the pipeline's meters are exported. */
@QuarkusTest
class HealthTest {

    @Test
    void readinessCoversTheDatabaseKafkaTheAmqpLinksAndThePipeline() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check",
                        "SmallRye Reactive Messaging - readiness check", "Ingest pipeline")));
    }

    @Test
    void livenessWatchesThePipelineWorkers() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks.name", hasItems("Ingest pipeline workers"));
    }

    @Test
    void metricsArePublishedInPrometheusFormat() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("ingest_messages_received_total"))
                .body(containsString("ingest_readings_stored_total"))
                .body(containsString("ingest_amqp_logins_total"))
                .body(containsString("ingest_batch_size"))
                .body(containsString("ingest_worker_deaths_total"))
                .body(containsString("ingest_settle_latency_seconds"))
                .body(containsString("ingest_lag_seconds"));
    }
}
