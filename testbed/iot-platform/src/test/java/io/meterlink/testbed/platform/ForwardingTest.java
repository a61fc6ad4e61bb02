package io.meterlink.testbed.platform;

import io.vertx.amqp.AmqpMessage;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules engine: device publishes reach every data consumer group over AMQP with Alibaba's properties, the body
 * untouched, at least once.
 */
class ForwardingTest {

    /** Hang guard for what the broker does on its own threads (journal writes, deliveries): not a speed check. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static IotPlatform platform;

    @BeforeAll
    static void start() {
        platform = IotPlatform.builder()
                .consumerGroup(ConsumerGroup.dataAndStatus("ingest"))
                .consumerGroup(ConsumerGroup.data("archive"))
                .start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void devicePublishArrivesOverAmqpWithAlibabasPropertiesAndTheBodyUnchanged() throws Exception {
        RegisteredDevice device = platform.registry().device(0);
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "archive")) {
            consumer.receive(platform.amqpAddress("archive"));
            MqttClient meter = Meters.connect(platform, device);
            long before = System.currentTimeMillis();
            meter.publish("/" + device.productKey() + "/" + device.deviceName() + "/user/data/up", payload, 1, false);
            AmqpMessage message = consumer.next();
            Meters.closeQuietly(meter);

            assertArrayEquals(payload, message.bodyAsBinary().getBytes());
            JsonObject properties = message.applicationProperties();
            assertEquals("/" + device.productKey() + "/" + device.deviceName() + "/user/data/up",
                    properties.getString("topic"));
            assertNotNull(properties.getString("messageId"));
            assertEquals(Set.of("topic", "messageId", "generateTime"), alibabaProperties(properties));
            long generateTime = properties.getLong("generateTime");
            assertTrue(generateTime >= before && generateTime <= System.currentTimeMillis(), "generateTime " + generateTime);
            message.accepted();
        }
    }
    @Test
    void everyMessageGetsItsOwnMessageId() throws Exception {
        RegisteredDevice device = platform.registry().device(1);
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "archive")) {
            consumer.receive(platform.amqpAddress("archive"));
            MqttClient meter = Meters.connect(platform, device);
            for (int i = 0; i < 20; i++) {
                meter.publish(topic(device), ("frame " + i).getBytes(StandardCharsets.US_ASCII), i % 2, false);
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                AmqpMessage message = consumer.next();
                ids.add(message.applicationProperties().getString("messageId"));
                message.accepted();
            }
            Meters.closeQuietly(meter);
            assertEquals(20, ids.size());
        }
    }

    @Test
    void aMessageNeverSettledStaysQueuedAndIsRedeliveredToTheNextConnection() throws Exception {
        RegisteredDevice device = platform.registry().device(2);
        platform.forward(new UplinkMessage(device.productKey(), device.deviceName(), bytes("unsettled")));
        String messageId;
        try (AmqpConsumer first = AmqpConsumer.connect(platform, "archive")) {
            first.receive(platform.amqpAddress("archive"));
            AmqpMessage message = first.next();
            messageId = message.applicationProperties().getString("messageId");
            assertEquals(1, platform.queueDepth("archive"), "delivered but unsettled still counts");
            // Neither accepted nor released: the connection goes away with the message in flight.
        }
        assertEquals(1, platform.queueDepth("archive"));
        try (AmqpConsumer second = AmqpConsumer.connect(platform, "archive")) {
            second.receive(platform.amqpAddress("archive"));
            AmqpMessage again = second.next();
            assertEquals(messageId, again.applicationProperties().getString("messageId"));
            assertArrayEquals(bytes("unsettled"), again.bodyAsBinary().getBytes());
            again.accepted();
        }
        await().atMost(PATIENCE).until(() -> platform.queueDepth("archive") == 0);
    }

    @Test
    void aReleasedMessageIsRedelivered() throws Exception {
        RegisteredDevice device = platform.registry().device(3);
        platform.forward(new UplinkMessage(device.productKey(), device.deviceName(), bytes("released")));
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "archive")) {
            consumer.receive(platform.amqpAddress("archive"));
            AmqpMessage message = consumer.next();
            String messageId = message.applicationProperties().getString("messageId");
            message.released();
            AmqpMessage again = consumer.next();
            assertEquals(messageId, again.applicationProperties().getString("messageId"));
            again.accepted();
        }
        await().atMost(PATIENCE).until(() -> platform.queueDepth("archive") == 0);
    }

    @Test
    void queueDepthFollowsPublishesAndSettlements() throws Exception {
        RegisteredDevice device = platform.registry().device(4);
        long before = platform.queueDepth("archive");
        MqttClient meter = Meters.connect(platform, device);
        for (int i = 0; i < 5; i++) {
            meter.publish(topic(device), bytes("depth " + i), 1, false);
        }
        Meters.closeQuietly(meter);
        await().atMost(PATIENCE).until(() -> platform.queueDepth("archive") == before + 5);
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "archive")) {
            consumer.receive(platform.amqpAddress("archive"));
            for (int i = 0; i < 5; i++) {
                consumer.next().accepted();
            }
        }
        await().atMost(PATIENCE).until(() -> platform.queueDepth("archive") == before);
    }

    @Test
    void preloadFillsOnlyTheNamedGroupWithStampedMessages() throws Exception {
        // "ingest" also takes status messages: the offline one of a meter an earlier test just closed is routed after
        // its connection is gone and lands after the journal write, so take the baseline once that has settled.
        await().atMost(PATIENCE).until(() -> platform.onlineDevices() == 0);
        long ingestBefore = settledDepth("ingest");
        List<UplinkMessage> backlog = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            RegisteredDevice device = platform.registry().device(i % platform.registry().size());
            backlog.add(new UplinkMessage(device.productKey(), device.deviceName(), bytes("preloaded " + i)));
        }
        int pagingStoresBefore = platform.broker().server().getPagingManager().getStoreNames().length;
        assertEquals(2_000, platform.preload("archive", backlog));
        assertEquals(2_000, platform.queueDepth("archive"));
        // No address (and so no ~15 KB paging store) per meter: a 100,000-meter backlog must fit the stand-in's heap.
        assertEquals(pagingStoresBefore, platform.broker().server().getPagingManager().getStoreNames().length);
        assertEquals(ingestBefore, platform.queueDepth("ingest"));
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "archive")) {
            consumer.receive(platform.amqpAddress("archive"));
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 2_000; i++) {
                AmqpMessage message = consumer.next();
                assertEquals(backlog.get(i).topic(), message.applicationProperties().getString("topic"));
                assertArrayEquals(backlog.get(i).payload(), message.bodyAsBinary().getBytes());
                ids.add(message.applicationProperties().getString("messageId"));
                message.accepted();
            }
            assertEquals(2_000, ids.size());
        }
        await().atMost(PATIENCE).until(() -> platform.queueDepth("archive") == 0);
    }

    /** The group's depth once it has stopped changing (two reads half a second apart agree). */
    private static long settledDepth(String groupId) {
        AtomicLong previous = new AtomicLong(-1);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            long depth = platform.queueDepth(groupId);
            return depth == previous.getAndSet(depth);
        });
        return previous.get();
    }

    private static Set<String> alibabaProperties(JsonObject properties) {
        Set<String> names = new TreeSet<>(properties.fieldNames());
        // The AMQP client reports the delivery count header among them; it is not an application property we set.
        names.remove("JMSXDeliveryCount");
        return names;
    }

    private static String topic(RegisteredDevice device) {
        return "/" + device.productKey() + "/" + device.deviceName() + "/user/data/up";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
