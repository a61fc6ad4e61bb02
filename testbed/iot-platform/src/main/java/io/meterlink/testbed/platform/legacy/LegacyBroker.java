package io.meterlink.testbed.platform.legacy;

import io.meterlink.testbed.embedded.ArtemisBroker;

/**
 * The self-managed MQTT cluster the fleet is migrating away from: plain MQTT 3.1.1, no authentication, the firmware's
 * fixed topics {@code cdb/data/post} and {@code cdb/cmd/push}, meters told apart by clientId ({@link LegacyTopics}).
 */
public final class LegacyBroker {

    private LegacyBroker() {
    }

    /** Starts it on {@code mqttPort} (0 = a free port), without AMQP. */
    public static ArtemisBroker start(int mqttPort) {
        return ArtemisBroker.builder("legacy-cluster")
                .mqttPort(mqttPort)
                .amqpPort(-1)
                .persistent(false)
                .plugin(new LegacyTopics())
                .start();
    }
}
