package io.meterlink.testbed.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A plain Paho MQTT client that records what arrives on a topic filter and can publish commands: the test's view of a
 * broker, deliberately a different MQTT implementation than the simulated meters.
 */
final class TopicRecorder implements AutoCloseable {

    /** One message as it arrived. */
    record Arrival(String topic, String payload, long atMs) {
    }

    private final MqttClient client;
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

    private TopicRecorder(MqttClient client) {
        this.client = client;
    }

    /** Connects as {@code clientId} (username "observer", which gated test brokers always let in). */
    static TopicRecorder connect(String uri, String clientId) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setUserName("observer");
        options.setPassword("observer".toCharArray());
        client.connect(options);
        return new TopicRecorder(client);
    }

    TopicRecorder subscribe(String filter) throws MqttException {
        client.subscribe(filter, 1, (topic, message) -> arrivals.add(new Arrival(topic,
                new String(message.getPayload(), StandardCharsets.US_ASCII), System.currentTimeMillis())));
        return this;
    }

    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.US_ASCII), 1, false);
    }

    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    List<Arrival> on(String topic) {
        return arrivals.stream().filter(a -> a.topic().equals(topic)).collect(Collectors.toList());
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
