package io.meterlink.command;

import static io.meterlink.command.Testbed.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.testbed.quarkus.IotPlatformResource;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * A meter still on the self-managed cluster: a real MQTT client with clientId = deviceName, subscribed to
 * {@code cdb/cmd/push} on the stand-in's legacy broker, as the old firmware does.
 */
@QuarkusTest
class LegacyDeliveryTest {

    private static final String PK = "a1Legacy";

    private MqttClient meter;

    @AfterEach
    void disconnect() throws MqttException {
        if (meter != null && meter.isConnected()) {
            meter.disconnect();
        }
    }

    private BlockingQueue<String> connectLegacyMeter(String deviceName) throws MqttException {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        meter = new MqttClient(IotPlatformResource.platform().legacyMqttUri(), deviceName, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        meter.connect(options);
        meter.subscribe(TopicMapping.LEGACY_CMD_PUSH, 1, (topic, message) -> received.add(topic + " "
                + new String(message.getPayload(), StandardCharsets.US_ASCII)));
        return received;
    }

    @Test
    void aLegacyMetersCommandArrivesOnCdbCmdPush() throws Exception {
        Testbed.register(PK, List.of("legacy-0001"));
        BlockingQueue<String> received = connectLegacyMeter("legacy-0001");

        String id = as(TestTokens.operator("lena")).body(Map.of("args", List.of("tariff2")))
                .post("/api/v1/meters/" + PK + "/legacy-0001/commands").then().statusCode(202).extract().path("id");

        String frame = received.poll(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(TestTokens.operator("lena"))
                .get("/api/v1/commands/" + id).then().body("state", equalTo("SENT")).body("route", equalTo("LEGACY")));
        int seq = as(TestTokens.operator("lena")).get("/api/v1/commands/" + id).path("seq");
        assertEquals("cdb/cmd/push CMD," + seq + ",tariff2", frame);
    }

    @Test
    void aMeterSeenOnTheLegacyClusterCountsAsLegacyNotAsNeverSeen() throws Exception {
        Testbed.register(PK, List.of("legacy-0002", "legacy-0003"));
        connectLegacyMeter("legacy-0002");
        meter.publish(TopicMapping.LEGACY_DATA_POST, "DE02,10,17,011101010,am000,1d478f"
                .getBytes(StandardCharsets.US_ASCII), 1, false);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(TestTokens.operator("lena"))
                .get("/api/v1/meters/" + PK + "/legacy-0002").then().statusCode(200)
                .body("lastLegacySeenAt", notNullValue()));
        as(TestTokens.operator("lena")).get("/api/v1/meters/" + PK + "/legacy-0003").then()
                .body("lastLegacySeenAt", nullValue());
    }
}
