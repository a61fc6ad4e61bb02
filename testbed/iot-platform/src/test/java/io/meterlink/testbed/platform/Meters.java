package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.MqttConnectCredentials;
import io.meterlink.domain.signing.SignMethod;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Connects Paho clients as meters, signing CONNECT the way the real firmware does. */
final class Meters {

    private Meters() {
    }

    static MqttConnectCredentials credentials(RegisteredDevice device, String clientId) {
        return DeviceSigner.connect(device.productKey(), device.deviceName(), device.deviceSecret(), clientId,
                SignMethod.HMACSHA256, DeviceSigner.SECUREMODE_TCP, System.currentTimeMillis());
    }

    static MqttConnectOptions options(MqttConnectCredentials credentials, int keepAliveSeconds) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(credentials.username());
        options.setPassword(credentials.password().toCharArray());
        options.setKeepAliveInterval(keepAliveSeconds);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        return options;
    }

    /** A connected meter with a fresh signature and a 60 s keepalive. */
    static MqttClient connect(IotPlatform platform, RegisteredDevice device) throws MqttException {
        MqttConnectCredentials credentials = credentials(device, device.deviceName());
        MqttClient client = new MqttClient(platform.mqttUri(), credentials.clientId(), new MemoryPersistence());
        client.connect(options(credentials, 60));
        return client;
    }

    static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        } catch (MqttException e) {
            // The broker may already have dropped it (that is what some tests check).
        }
    }
}
