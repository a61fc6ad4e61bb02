package io.meterlink.testbed.embedded;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Vertx;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ArtemisBrokerTest {

    @Test
    void mqttPublishArrivesOverAmqpWithTheTopicAndTheBytesUnchanged() throws Exception {
        ArtemisBroker broker = EmbeddedInfrastructure.broker();
        broker.createDurableQueue("/+/+/user/data/up", "roundtrip-group");

        // Every byte value, so a charset conversion anywhere on the way would show.
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }

        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<AmqpMessage> received = new CompletableFuture<>();
            AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions()
                    .setHost("127.0.0.1").setPort(broker.amqpPort()));
            AmqpConnection connection = client.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            AmqpReceiver receiver = connection.createReceiver("/+/+/user/data/up::roundtrip-group",
                    new AmqpReceiverOptions().setAutoAcknowledgement(true))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            receiver.handler(received::complete);

            MqttClient device = new MqttClient(broker.mqttUri(), "device-roundtrip", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            device.connect(options);
            device.publish("/a1B2c3D4e5F/meter-0001/user/data/up", payload, 1, false);
            device.disconnect();
            device.close();

            AmqpMessage message = received.get(10, TimeUnit.SECONDS);
            assertArrayEquals(payload, message.bodyAsBinary().getBytes());
            assertEquals("/a1B2c3D4e5F/meter-0001/user/data/up", message.address());
            client.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
