package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.MqttConnectCredentials;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.testbed.platform.command.CommandDelivery;
import io.meterlink.testbed.platform.command.CommandOutcome;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Pub delivery to devices: online delivery, QoS 1 kept for offline devices, QoS 0 dropped, refusals. */
class CommandDeliveryTest {

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
    void aSubscribedDeviceReceivesTheCommandAtTheRequestedQos() throws Exception {
        RegisteredDevice device = platform.registry().device(40);
        MqttClient meter = Meters.connect(platform, device);
        BlockingQueue<MqttMessage> inbox = subscribe(meter, device);
        try {
            CommandOutcome outcome = platform.publishToDevice(device.productKey(), cmdDown(device), bytes("CMD,1,ad322"), 1);
            assertEquals(CommandOutcome.Fate.DELIVERED, assertInstanceOf(CommandOutcome.Accepted.class, outcome).fate());
            MqttMessage received = next(inbox);
            assertEquals("CMD,1,ad322", new String(received.getPayload(), StandardCharsets.US_ASCII));
            assertEquals(1, received.getQos());

            platform.publishToDevice(device.productKey(), cmdDown(device), bytes("CMD,2,ad322"), 0);
            MqttMessage second = next(inbox);
            assertEquals("CMD,2,ad322", new String(second.getPayload(), StandardCharsets.US_ASCII));
            assertEquals(0, second.getQos());
        } finally {
            Meters.closeQuietly(meter);
        }
    }

    @Test
    void qosOneCommandsForAnOfflineDeviceAreKeptAndDeliveredInOrderWhenItSubscribes() throws Exception {
        RegisteredDevice device = platform.registry().device(41);
        for (int i = 1; i <= 3; i++) {
            CommandOutcome outcome = platform.publishToDevice(device.productKey(), cmdDown(device), bytes("CMD," + i), 1);
            assertEquals(CommandOutcome.Fate.KEPT_FOR_OFFLINE_DEVICE,
                    assertInstanceOf(CommandOutcome.Accepted.class, outcome).fate());
        }
        assertEquals(3, platform.keptCommands(device.productKey(), device.deviceName()));

        MqttClient meter = Meters.connect(platform, device);
        try {
            BlockingQueue<MqttMessage> inbox = subscribe(meter, device);
            for (int i = 1; i <= 3; i++) {
                assertEquals("CMD," + i, new String(next(inbox).getPayload(), StandardCharsets.US_ASCII));
            }
            assertEquals(0, platform.keptCommands(device.productKey(), device.deviceName()));
        } finally {
            Meters.closeQuietly(meter);
        }
    }

    @Test
    void aDeviceThatWasSubscribedAndWentOfflineHasItsQosOneCommandsKept() throws Exception {
        RegisteredDevice device = platform.registry().device(48);
        MqttClient first = Meters.connect(platform, device);
        subscribe(first, device);
        Meters.closeQuietly(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> !platform.isOnline(device.productKey(), device.deviceName()));

        CommandOutcome outcome = platform.publishToDevice(device.productKey(), cmdDown(device), bytes("CMD,5"), 1);
        assertEquals(CommandOutcome.Fate.KEPT_FOR_OFFLINE_DEVICE,
                assertInstanceOf(CommandOutcome.Accepted.class, outcome).fate());
        MqttClient again = Meters.connect(platform, device);
        try {
            assertEquals("CMD,5", new String(next(subscribe(again, device)).getPayload(), StandardCharsets.US_ASCII));
        } finally {
            Meters.closeQuietly(again);
        }
    }

    @Test
    void persistentSessionsOfEarlierConnectionsDoNotKeepCollectingCommands() throws Exception {
        RegisteredDevice device = platform.registry().device(49);
        for (long timestamp = 1; timestamp <= 3; timestamp++) {
            MqttConnectCredentials credentials = DeviceSigner.connect(device.productKey(), device.deviceName(),
                    device.deviceSecret(), device.deviceName(), SignMethod.HMACSHA1, DeviceSigner.SECUREMODE_TCP,
                    timestamp);
            MqttClient meter = new MqttClient(platform.mqttUri(), credentials.clientId(), new MemoryPersistence());
            MqttConnectOptions options = Meters.options(credentials, 60);
            options.setCleanSession(false);
            meter.connect(options);
            BlockingQueue<MqttMessage> inbox = subscribe(meter, device);
            platform.publishToDevice(device.productKey(), cmdDown(device), bytes("CMD," + timestamp), 1);
            assertEquals("CMD," + timestamp, new String(next(inbox).getPayload(), StandardCharsets.US_ASCII));
            assertEquals(1, subscriptionQueues(device), "only the live subscription is left");
            meter.disconnect();
            meter.close();
            // The broker ends the session (its consumer) before it reports the device offline. Until then the next
            // connection's subscription would see that queue still consumed and, rightly, leave it alone.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !platform.isOnline(device.productKey(), device.deviceName()));
        }
        assertNotNull(platform.broker().server().locateQueue(SimpleString.of(IotPlatform.DEFAULT_CONSUMER_GROUP)),
                "consumer group queues, bound by wildcard to every topic, are not abandoned subscriptions");
    }

    @Test
    void qosZeroCommandsForAnOfflineDeviceAreDropped() throws Exception {
        RegisteredDevice device = platform.registry().device(42);
        CommandOutcome dropped = platform.publishToDevice(device.productKey(), cmdDown(device), bytes("lost"), 0);
        assertEquals(CommandOutcome.Fate.DROPPED_DEVICE_OFFLINE,
                assertInstanceOf(CommandOutcome.Accepted.class, dropped).fate());
        platform.publishToDevice(device.productKey(), cmdDown(device), bytes("kept"), 1);

        MqttClient meter = Meters.connect(platform, device);
        try {
            BlockingQueue<MqttMessage> inbox = subscribe(meter, device);
            // The QoS 1 command was sent after the QoS 0 one; receiving it first shows the other was dropped.
            assertEquals("kept", new String(next(inbox).getPayload(), StandardCharsets.US_ASCII));
        } finally {
            Meters.closeQuietly(meter);
        }
    }

    @Test
    void anUnregisteredDeviceIsRefused() {
        CommandOutcome outcome = platform.publishToDevice(IotPlatform.DEFAULT_PRODUCT_KEY,
                "/" + IotPlatform.DEFAULT_PRODUCT_KEY + "/meter-999999/user/cmd/down", bytes("x"), 1);
        assertEquals(CommandDelivery.DEVICE_NOT_FOUND, assertInstanceOf(CommandOutcome.Refused.class, outcome).code());
    }

    @Test
    void topicsOtherThanTheDevicesCommandTopicAreRefused() {
        RegisteredDevice device = platform.registry().device(43);
        String pk = device.productKey();
        for (String topic : new String[] {
                "/" + pk + "/" + device.deviceName() + "/user/data/up",
                "/" + pk + "/+/user/cmd/down",
                "/" + pk + "/" + device.deviceName() + "/user/other",
                "cdb/cmd/push"}) {
            CommandOutcome outcome = platform.publishToDevice(pk, topic, bytes("x"), 1);
            assertEquals(CommandDelivery.INVALID_TOPIC,
                    assertInstanceOf(CommandOutcome.Refused.class, outcome).code(), topic);
        }
        CommandOutcome otherProduct = platform.publishToDevice("a1OtherProd", cmdDown(device), bytes("x"), 1);
        assertEquals(CommandDelivery.INVALID_TOPIC, assertInstanceOf(CommandOutcome.Refused.class, otherProduct).code());
    }

    @Test
    void qosTwoIsRefused() {
        RegisteredDevice device = platform.registry().device(44);
        CommandOutcome outcome = platform.publishToDevice(device.productKey(), cmdDown(device), bytes("x"), 2);
        assertEquals(CommandDelivery.INVALID_PARAMETER, assertInstanceOf(CommandOutcome.Refused.class, outcome).code());
    }

    /** MQTT subscription queues on the device's cmd/down topic itself (not consumer groups bound by wildcard). */
    private static long subscriptionQueues(RegisteredDevice device) throws Exception {
        return platform.broker().server().getPostOffice().lookupBindingsForAddress(SimpleString.of(cmdDown(device)))
                .getBindings().stream()
                .filter(binding -> binding.getAddress().toString().equals(cmdDown(device)))
                .count();
    }

    private static BlockingQueue<MqttMessage> subscribe(MqttClient meter, RegisteredDevice device) throws Exception {
        BlockingQueue<MqttMessage> inbox = new LinkedBlockingQueue<>();
        meter.subscribe(cmdDown(device), 1, (topic, message) -> inbox.add(message));
        return inbox;
    }

    private static MqttMessage next(BlockingQueue<MqttMessage> inbox) throws InterruptedException {
        MqttMessage message = inbox.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "no command within 10 s");
        return message;
    }

    private static String cmdDown(RegisteredDevice device) {
        return "/" + device.productKey() + "/" + device.deviceName() + "/user/cmd/down";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
