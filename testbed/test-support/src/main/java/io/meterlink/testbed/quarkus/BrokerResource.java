package io.meterlink.testbed.quarkus;

import io.meterlink.testbed.embedded.ArtemisBroker;
import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Hands {@code @QuarkusTest}s the JVM-wide plain Artemis broker (AMQP 1.0 and MQTT). */
public class BrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        ArtemisBroker broker = EmbeddedInfrastructure.broker();
        return Map.of(
                "amqp-host", "127.0.0.1",
                "amqp-port", String.valueOf(broker.amqpPort()),
                "meterlink.testbed.mqtt-uri", broker.mqttUri());
    }

    @Override
    public void stop() {
        // Shared by every test of this JVM; stops with it.
    }
}
