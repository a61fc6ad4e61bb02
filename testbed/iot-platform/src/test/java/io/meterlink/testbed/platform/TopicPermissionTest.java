package io.meterlink.testbed.platform;

import io.meterlink.testbed.platform.device.PlatformSecurity;
import io.vertx.amqp.AmqpMessage;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A device publishes only to its own data/up and subscribes only to its own cmd/down; refusals name the device. */
class TopicPermissionTest {

    private static IotPlatform platform;

    @BeforeAll
    static void start() {
        platform = IotPlatform.builder().legacyBroker(false).start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void publishingOnAnotherDevicesTopicIsRefusedLoggedAndNotForwarded() throws Exception {
        RegisteredDevice intruder = platform.registry().device(10);
        RegisteredDevice victim = platform.registry().device(11);
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "ingest");
                LogCapture log = LogCapture.of(PlatformSecurity.class.getName())) {
            consumer.receive(platform.amqpAddress("ingest"));
            MqttClient meter = Meters.connect(platform, intruder);
            try {
                // QoS 1 so the refusal happens before the next publish; the broker may answer by dropping the link.
                meter.publish(topic(victim, "user/data/up"), "forged".getBytes(StandardCharsets.US_ASCII), 1, false);
            } catch (MqttException dropped) {
                // Refused publishes close the connection (MQTT 3.1.1 has no negative PUBACK).
            } finally {
                Meters.closeQuietly(meter);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> log.contains("device " + intruder.productKey() + "/"
                    + intruder.deviceName(), "refused", topic(victim, "user/data/up")));

            // Forwarding is in order: if the forged frame had been forwarded it would arrive before this one.
            MqttClient honest = Meters.connect(platform, victim);
            honest.publish(topic(victim, "user/data/up"), "genuine".getBytes(StandardCharsets.US_ASCII), 1, false);
            Meters.closeQuietly(honest);
            AmqpMessage first = nextData(consumer);
            assertEquals("genuine", new String(first.bodyAsBinary().getBytes(), StandardCharsets.US_ASCII));
            first.accepted();
        }
    }

    @Test
    void publishingOnItsOwnCommandTopicIsRefused() throws Exception {
        RegisteredDevice device = platform.registry().device(12);
        try (LogCapture log = LogCapture.of(PlatformSecurity.class.getName())) {
            MqttClient meter = Meters.connect(platform, device);
            try {
                meter.publish(topic(device, "user/cmd/down"), new byte[] {1}, 1, false);
            } catch (MqttException dropped) {
                // See above: refusal drops the connection.
            } finally {
                Meters.closeQuietly(meter);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> log.contains(device.deviceName(), "refused publish to",
                    topic(device, "user/cmd/down")));
        }
    }

    @Test
    void subscribingToAnotherDevicesCommandsIsRefusedAndLogged() throws Exception {
        RegisteredDevice intruder = platform.registry().device(13);
        RegisteredDevice victim = platform.registry().device(14);
        try (LogCapture log = LogCapture.of(PlatformSecurity.class.getName())) {
            MqttClient meter = Meters.connect(platform, intruder);
            try {
                MqttException refused = assertThrows(MqttException.class,
                        () -> meter.subscribe(topic(victim, "user/cmd/down"), 1));
                assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, refused.getReasonCode());
            } finally {
                Meters.closeQuietly(meter);
            }
            assertTrue(log.contains(intruder.deviceName(), "refused", topic(victim, "user/cmd/down")),
                    log.messages().toString());
        }
    }

    @Test
    void subscribingWithAWildcardIsRefused() throws Exception {
        RegisteredDevice device = platform.registry().device(15);
        MqttClient meter = Meters.connect(platform, device);
        try {
            MqttException refused = assertThrows(MqttException.class,
                    () -> meter.subscribe("/" + device.productKey() + "/+/user/cmd/down", 1));
            assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, refused.getReasonCode());
        } finally {
            Meters.closeQuietly(meter);
        }
    }

    @Test
    void subscribingToItsOwnCommandTopicIsAllowed() throws Exception {
        RegisteredDevice device = platform.registry().device(16);
        MqttClient meter = Meters.connect(platform, device);
        try {
            meter.subscribe(topic(device, "user/cmd/down"), 1);
            assertTrue(meter.isConnected());
        } finally {
            Meters.closeQuietly(meter);
        }
    }

    private static String topic(RegisteredDevice device, String suffix) {
        return "/" + device.productKey() + "/" + device.deviceName() + "/" + suffix;
    }

    /** Next data message, skipping status notifications the ingest group also gets. */
    private static AmqpMessage nextData(AmqpConsumer consumer) throws InterruptedException {
        while (true) {
            AmqpMessage message = consumer.next();
            if (message.applicationProperties().getString("topic").endsWith("/user/data/up")) {
                return message;
            }
            message.accepted();
        }
    }
}
