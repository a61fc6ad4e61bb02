package io.meterlink.testbed.simulator;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A broker address given as {@code tcp://host:port}. Only plain TCP: the local stand-in has no TLS, and Alibaba's TLS
 * endpoint (securemode 2) needs the platform's CA, which the testbed does not have.
 */
public record MqttEndpoint(String host, int port) {

    public MqttEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("MQTT host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("MQTT port " + port + " is not 1-65535");
        }
    }

    /**
     * @throws IllegalArgumentException unless {@code uri} is {@code tcp://host:port}
     */
    public static MqttEndpoint parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("MQTT address '" + uri + "' is not tcp://host:port");
        }
        if (!"tcp".equalsIgnoreCase(parsed.getScheme()) || parsed.getHost() == null || parsed.getPort() < 0) {
            throw new IllegalArgumentException("MQTT address '" + uri + "' is not tcp://host:port");
        }
        return new MqttEndpoint(parsed.getHost(), parsed.getPort());
    }

    @Override
    public String toString() {
        return "tcp://" + host + ":" + port;
    }
}
