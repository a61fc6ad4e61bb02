package io.meterlink.ingest.support;

import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.MqttConnectCredentials;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.testbed.platform.IotPlatform;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A meter of the stand-in's registry connected with Eclipse Paho, signing CONNECT with its device secret as the
 * firmware does after the migration, and publishing on its data/up topic.
 */
public final class Meter implements AutoCloseable {

    private final MqttClient client;
    private final String productKey;
    private final String deviceName;

    private Meter(MqttClient client, String productKey, String deviceName) {
        this.client = client;
        this.productKey = productKey;
        this.deviceName = deviceName;
    }

    /** Connects the registry's device {@code meter-NNNNNN}. */
    public static Meter connect(IotPlatform platform, int index) throws MqttException {
        var device = platform.registry().device(index);
        MqttConnectCredentials credentials = DeviceSigner.connect(device.productKey(), device.deviceName(),
                device.deviceSecret(), device.deviceName(), SignMethod.HMACSHA256, DeviceSigner.SECUREMODE_TCP,
                System.currentTimeMillis());
        MqttClient client = new MqttClient(platform.mqttUri(), credentials.clientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(credentials.username());
        options.setPassword(credentials.password().toCharArray());
        options.setKeepAliveInterval(60);
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        client.connect(options);
        return new Meter(client, device.productKey(), device.deviceName());
    }

    public String productKey() {
        return productKey;
    }

    public String deviceName() {
        return deviceName;
    }

    /** Publishes at QoS 1 on {@code /<pk>/<dn>/user/data/up}; returns once the platform acknowledged it. */
    public void publish(byte[] payload) throws MqttException {
        client.publish(TopicMapping.dataUp(productKey, deviceName).fullName(), payload, 1, false);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }
}
