package io.meterlink.domain.signing;

/**
 * The three MQTT CONNECT fields a meter presents to Alibaba Cloud IoT Platform.
 * {@link #toString()} hides the password because credentials end up in logs otherwise.
 */
public record MqttConnectCredentials(String clientId, String username, String password) {

    @Override
    public String toString() {
        return "MqttConnectCredentials[clientId=" + clientId + ", username=" + username + ", password=***]";
    }
}
