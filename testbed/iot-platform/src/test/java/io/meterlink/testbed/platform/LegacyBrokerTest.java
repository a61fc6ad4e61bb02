package io.meterlink.testbed.platform;

import io.meterlink.testbed.embedded.ArtemisBroker;
import io.meterlink.testbed.platform.legacy.LegacyBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The legacy cluster keeps the firmware's topics and tells meters apart by clientId (README "Legacy broker"). */
class LegacyBrokerTest {

    private static ArtemisBroker legacy;

    @BeforeAll
    static void start() {
        legacy = LegacyBroker.start(0);
    }

    @AfterAll
    static void stop() {
        legacy.close();
    }

    private record Received(String topic, String payload) {
    }

    @Test
    void aMetersDataPostReachesTheBackendUnderItsClientId() throws Exception {
        MqttClient backend = client("legacy-bridge");
        BlockingQueue<Received> frames = subscribe(backend, "cdb/data/post/+");
        MqttClient meter = client("meter-000101");
        try {
            meter.publish("cdb/data/post", "DE02,10,17".getBytes(StandardCharsets.US_ASCII), 1, false);
            assertEquals(new Received("cdb/data/post/meter-000101", "DE02,10,17"), next(frames));
        } finally {
            close(meter);
            close(backend);
        }
    }

    @Test
    void aCommandForOneMeterReachesOnlyThatMeterOnCdbCmdPush() throws Exception {
        MqttClient target = client("meter-000102");
        MqttClient other = client("meter-000103");
        MqttClient backend = client("command-service");
        try {
            BlockingQueue<Received> targetInbox = subscribe(target, "cdb/cmd/push");
            BlockingQueue<Received> otherInbox = subscribe(other, "cdb/cmd/push");
            backend.publish("cdb/cmd/push/meter-000102", "CMD,1,ad322".getBytes(StandardCharsets.US_ASCII), 1, false);
            backend.publish("cdb/cmd/push/meter-000103", "CMD,2,ad322".getBytes(StandardCharsets.US_ASCII), 1, false);
            assertEquals(new Received("cdb/cmd/push", "CMD,1,ad322"), next(targetInbox));
            // The other meter's first command is its own: the one for meter-000102 never reached it.
            assertEquals(new Received("cdb/cmd/push", "CMD,2,ad322"), next(otherInbox));
        } finally {
            close(target);
            close(other);
            close(backend);
        }
    }

    @Test
    void aBareCdbCmdPushReachesEveryMeter() throws Exception {
        MqttClient first = client("meter-000104");
        MqttClient second = client("meter-000105");
        MqttClient backend = client("broadcaster");
        try {
            BlockingQueue<Received> firstInbox = subscribe(first, "cdb/cmd/push");
            BlockingQueue<Received> secondInbox = subscribe(second, "cdb/cmd/push");
            backend.publish("cdb/cmd/push", "CMD,9,all".getBytes(StandardCharsets.US_ASCII), 1, false);
            assertEquals(new Received("cdb/cmd/push", "CMD,9,all"), next(firstInbox));
            assertEquals(new Received("cdb/cmd/push", "CMD,9,all"), next(secondInbox));
        } finally {
            close(first);
            close(second);
            close(backend);
        }
    }

    @Test
    void aMeterWithAPersistentSessionGetsQosOneCommandsSentWhileItWasOffline() throws Exception {
        MqttClient meter = client("meter-000106", false);
        // Paho keeps the listener across reconnects, so it also receives what the resumed session delivers.
        BlockingQueue<Received> inbox = subscribe(meter, "cdb/cmd/push");
        meter.disconnect();
        MqttClient backend = client("command-service-2");
        backend.publish("cdb/cmd/push/meter-000106", "CMD,3,later".getBytes(StandardCharsets.US_ASCII), 1, false);
        close(backend);

        meter.connect(options(false));
        try {
            assertEquals(new Received("cdb/cmd/push", "CMD,3,later"), next(inbox));
        } finally {
            close(meter);
        }
    }

    private static MqttClient client(String clientId) throws MqttException {
        return client(clientId, true);
    }

    private static MqttClient client(String clientId, boolean cleanSession) throws MqttException {
        MqttClient client = new MqttClient(legacy.mqttUri(), clientId, new MemoryPersistence());
        client.connect(options(cleanSession));
        return client;
    }

    private static MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return options;
    }

    private static BlockingQueue<Received> subscribe(MqttClient client, String filter) throws MqttException {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        client.subscribe(filter, 1, (topic, message) ->
                inbox.add(new Received(topic, new String(message.getPayload(), StandardCharsets.US_ASCII))));
        return inbox;
    }

    private static Received next(BlockingQueue<Received> inbox) throws InterruptedException {
        Received received = inbox.poll(10, TimeUnit.SECONDS);
        assertNotNull(received, "nothing within 10 s");
        return received;
    }

    private static void close(MqttClient client) {
        Meters.closeQuietly(client);
    }
}
