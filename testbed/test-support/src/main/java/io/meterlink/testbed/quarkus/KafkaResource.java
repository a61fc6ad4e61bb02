package io.meterlink.testbed.quarkus;

import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Hands {@code @QuarkusTest}s the JVM-wide Kafka broker. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", EmbeddedInfrastructure.kafka().bootstrapServers());
    }

    @Override
    public void stop() {
        // Shared by every test of this JVM; stops with it.
    }
}
