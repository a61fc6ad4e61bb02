package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.MqttConnectCredentials;
import io.meterlink.domain.signing.SignMethod;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Online/offline notifications reach the consumer groups that opted into them, in Alibaba's JSON. */
class DeviceStatusTest {

    private static IotPlatform platform;

    @BeforeAll
    static void start() {
        platform = IotPlatform.builder()
                .legacyBroker(false)
                .consumerGroup(new ConsumerGroup("presence", false, true))
                .consumerGroup(ConsumerGroup.data("readings"))
                .start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void connectAndDisconnectArriveAsOnlineAndOfflineNotifications() throws Exception {
        RegisteredDevice device = platform.registry().device(30);
        try (AmqpConsumer presence = AmqpConsumer.connect(platform, "presence")) {
            presence.receive(platform.amqpAddress("presence"));
            long before = System.currentTimeMillis();
            MqttClient meter = Meters.connect(platform, device);
            JsonObject online = status(presence.next(), device);
            Meters.closeQuietly(meter);
            JsonObject offline = status(presence.next(), device);

            assertEquals("online", online.getString("status"));
            assertEquals("offline", offline.getString("status"));
            for (JsonObject status : new JsonObject[] {online, offline}) {
                assertEquals(device.productKey(), status.getString("productKey"));
                assertEquals(device.deviceName(), status.getString("deviceName"));
                assertEquals("127.0.0.1", status.getString("clientIp"));
                assertTrue(status.getString("time").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}"),
                        status.getString("time"));
                assertTrue(Instant.parse(status.getString("utcTime")).toEpochMilli() >= before);
                assertTrue(status.containsKey("lastTime") && status.containsKey("utcLastTime"));
            }
            // Offline reports when the session it ends had started.
            assertEquals(online.getString("utcTime"), offline.getString("utcLastTime"));
        }
    }

    @Test
    void aTakeoverReportsTheOldConnectionOfflineBeforeTheNewOneOnline() throws Exception {
        RegisteredDevice device = platform.registry().device(31);
        try (AmqpConsumer presence = AmqpConsumer.connect(platform, "presence")) {
            presence.receive(platform.amqpAddress("presence"));
            MqttConnectCredentials first = DeviceSigner.connect(device.productKey(), device.deviceName(),
                    device.deviceSecret(), "a", SignMethod.HMACSHA1, DeviceSigner.SECUREMODE_TCP, 1L);
            MqttConnectCredentials second = DeviceSigner.connect(device.productKey(), device.deviceName(),
                    device.deviceSecret(), "b", SignMethod.HMACSHA1, DeviceSigner.SECUREMODE_TCP, 2L);
            MqttClient older = new MqttClient(platform.mqttUri(), first.clientId(), new MemoryPersistence());
            MqttClient newer = new MqttClient(platform.mqttUri(), second.clientId(), new MemoryPersistence());
            older.connect(Meters.options(first, 60));
            assertEquals("online", status(presence.next(), device).getString("status"));
            newer.connect(Meters.options(second, 60));
            assertEquals("offline", status(presence.next(), device).getString("status"));
            assertEquals("online", status(presence.next(), device).getString("status"));
            Meters.closeQuietly(older);
            Meters.closeQuietly(newer);
            assertEquals("offline", status(presence.next(), device).getString("status"));
        }
    }

    @Test
    void aGroupThatDidNotOptInGetsNoStatusMessages() throws Exception {
        RegisteredDevice device = platform.registry().device(32);
        try (AmqpConsumer readings = AmqpConsumer.connect(platform, "readings")) {
            readings.receive(platform.amqpAddress("readings"));
            MqttClient meter = Meters.connect(platform, device);
            meter.publish("/" + device.productKey() + "/" + device.deviceName() + "/user/data/up",
                    "frame".getBytes(StandardCharsets.US_ASCII), 1, false);
            Meters.closeQuietly(meter);
            // Had the online notification been forwarded, it would come first.
            AmqpMessage first = readings.next();
            assertEquals("/" + device.productKey() + "/" + device.deviceName() + "/user/data/up",
                    first.applicationProperties().getString("topic"));
            first.accepted();
        }
    }

    /** Parses a status notification, checking it is for {@code device} and carries Alibaba's properties. */
    private static JsonObject status(AmqpMessage message, RegisteredDevice device) {
        assertEquals("/as/mqtt/status/" + device.productKey() + "/" + device.deviceName(),
                message.applicationProperties().getString("topic"));
        assertTrue(message.applicationProperties().containsKey("messageId"));
        assertTrue(message.applicationProperties().containsKey("generateTime"));
        message.accepted();
        return new JsonObject(new String(message.bodyAsBinary().getBytes(), StandardCharsets.UTF_8));
    }
}
