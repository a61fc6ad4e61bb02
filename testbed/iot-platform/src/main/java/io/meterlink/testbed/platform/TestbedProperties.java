package io.meterlink.testbed.platform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code testbed.platform.*} configuration keys services map in their test and local-run profiles, computed from
 * a running stand-in; the Quarkus test resource returns them and {@link IotPlatformMain} prints them.
 */
public final class TestbedProperties {

    private TestbedProperties() {
    }

    /**
     * @param registryFile  the registry file the stand-in was started with
     * @param consumerGroup the group whose AMQP address is given as {@code testbed.platform.amqp-address}
     */
    public static Map<String, String> of(IotPlatform platform, Path registryFile, String consumerGroup) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("testbed.platform.mqtt-uri", platform.mqttUri());
        if (platform.legacyMqttUri() != null) {
            config.put("testbed.platform.legacy-mqtt-uri", platform.legacyMqttUri());
        }
        config.put("testbed.platform.amqp-host", platform.amqpHost());
        config.put("testbed.platform.amqp-port", String.valueOf(platform.amqpPort()));
        config.put("testbed.platform.consumer-group", consumerGroup);
        config.put("testbed.platform.amqp-address", platform.amqpAddress(consumerGroup));
        config.put("testbed.platform.access-key-id", platform.accessKeyId());
        config.put("testbed.platform.access-key-secret", platform.accessKeySecret());
        config.put("testbed.platform.instance-id", platform.instanceId());
        config.put("testbed.platform.region-id", platform.regionId());
        config.put("testbed.platform.openapi-endpoint", platform.openApiEndpoint());
        config.put("testbed.platform.product-key", platform.registry().productKeys().stream().findFirst()
                .orElse(IotPlatform.DEFAULT_PRODUCT_KEY));
        config.put("testbed.platform.registry-file", registryFile.toAbsolutePath().toString());
        return config;
    }
}
