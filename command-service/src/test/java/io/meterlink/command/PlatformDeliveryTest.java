package io.meterlink.command;

import static io.meterlink.command.Testbed.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.MqttConnectCredentials;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.quarkus.IotPlatformResource;
import io.meterlink.testbed.quarkus.ReadingEvents;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commands to migrated meters go through the real aliyun-java-sdk-iot {@code Pub} call to the stand-in, which checks
 * the signature and delivers to a meter connected over MQTT with Alibaba's device authentication.
 */
@QuarkusTest
class PlatformDeliveryTest {

    private static final String PK = IotPlatform.DEFAULT_PRODUCT_KEY;

    private final String operator = TestTokens.operator("paula");
    private MqttClient meter;

    @AfterEach
    void disconnect() throws MqttException {
        if (meter != null && meter.isConnected()) {
            meter.disconnect();
        }
    }

    /** Connects the meter as its firmware does and makes the service see it on the platform. */
    private BlockingQueue<String> migratedMeter(String deviceName) throws MqttException {
        IotPlatform platform = IotPlatformResource.platform();
        String secret = platform.registry().secretOf(PK, deviceName).orElseThrow();
        MqttConnectCredentials credentials = DeviceSigner.connect(PK, deviceName, secret, deviceName,
                SignMethod.HMACSHA256, DeviceSigner.SECUREMODE_TCP, System.currentTimeMillis());
        meter = new MqttClient(platform.mqttUri(), credentials.clientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(credentials.username());
        options.setPassword(credentials.password().toCharArray());
        options.setKeepAliveInterval(60);
        options.setCleanSession(true);
        meter.connect(options);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        meter.subscribe(TopicMapping.cmdDown(PK, deviceName).fullName(), 1, (topic, message) -> received.add(
                new String(message.getPayload(), StandardCharsets.US_ASCII)));

        Testbed.readings().send(ReadingEvents.event(PK, deviceName, "DE02,10,17,011101010,am000,1d478f",
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(operator)
                .get("/api/v1/meters/" + PK + "/" + deviceName).then().statusCode(200)
                .body("route", equalTo("PLATFORM")));
        return received;
    }

    private Response send(String deviceName, String... args) {
        Response r = as(operator).body(Map.of("args", List.of(args)))
                .post("/api/v1/meters/" + PK + "/" + deviceName + "/commands");
        r.then().statusCode(202);
        return r;
    }

    private Response awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(operator).get("/api/v1/commands/" + id)
                .then().body("state", equalTo(state)));
        return as(operator).get("/api/v1/commands/" + id);
    }

    @Test
    void aCommandArrivesAtTheMeterConnectedToThePlatform() throws Exception {
        BlockingQueue<String> received = migratedMeter("meter-000001");
        Response accepted = send("meter-000001", "ad322");

        String frame = received.poll(30, TimeUnit.SECONDS);
        assertEquals(accepted.path("payload"), frame);
        Response sent = awaitState(accepted.path("id"), "SENT");
        sent.then().body("route", equalTo("PLATFORM")).body("attempts", equalTo(1));
        String messageId = sent.path("messageId");
        long pubsWithThatId = IotPlatformResource.platform().cloudApi().pubLog().stream()
                .filter(p -> p.messageId().equals(messageId)).count();
        assertEquals(1, pubsWithThatId);
    }

    @Test
    void throttlingFromThePlatformIsRetriedUntilTheCommandIsSent() throws Exception {
        BlockingQueue<String> received = migratedMeter("meter-000002");
        IotPlatformResource.platform().cloudApi().failNext("Pub", "Throttling.User", 3);
        Response accepted = send("meter-000002", "retry1");

        Response sent = awaitState(accepted.path("id"), "SENT");
        sent.then().body("attempts", equalTo(4)).body("errorCode", equalTo("Throttling.User"));
        assertEquals(accepted.path("payload"), received.poll(30, TimeUnit.SECONDS));
        // Delivered once, not once per attempt.
        assertEquals(null, received.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void aCommandThrottledUntilItsTtlPassesExpiresWithTheLastError() throws Exception {
        BlockingQueue<String> received = migratedMeter("meter-000004");
        IotPlatformResource.platform().cloudApi().failNext("Pub", "Throttling.User", 50);
        try {
            String id = as(operator).body(Map.of("args", List.of("late1"), "ttlSeconds", 2))
                    .post("/api/v1/meters/" + PK + "/meter-000004/commands")
                    .then().statusCode(202).extract().path("id");
            Response expired = awaitState(id, "EXPIRED");
            expired.then().body("errorCode", equalTo("Throttling.User"))
                    .body("errorMessage", containsString("TTL"));
            assertTrue(expired.<Integer>path("attempts") >= 2, "retried before expiring: " + expired.path("attempts"));
            assertEquals(null, received.poll(200, TimeUnit.MILLISECONDS));
        } finally {
            IotPlatformResource.platform().cloudApi().clearFailures();
        }
    }

    @Test
    void aValidationErrorFromThePlatformFailsTheCommandWithoutRetry() throws Exception {
        migratedMeter("meter-000003");
        IotPlatformResource.platform().cloudApi().failNext("Pub", "iot.common.InvalidFormattedParameter", 1);
        Response accepted = send("meter-000003", "bad1");

        Response failed = awaitState(accepted.path("id"), "FAILED");
        failed.then().body("attempts", equalTo(1))
                .body("errorCode", equalTo("iot.common.InvalidFormattedParameter"))
                .body("errorMessage", notNullValue());
        String id = accepted.path("id");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> as(operator)
                .get("/api/v1/commands/" + id).then().body("state", equalTo("FAILED")).body("attempts", equalTo(1)));
    }
}
