package io.meterlink.testbed.quarkus;

import io.meterlink.testbed.platform.ConsumerGroup;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What services get from the Quarkus test resource: the contract keys of one JVM-wide stand-in. */
class IotPlatformResourceTest {

    @Test
    void handsOutTheContractKeysOfOneSharedStandIn() {
        IotPlatformResource resource = new IotPlatformResource();
        resource.init(Map.of());
        Map<String, String> config = resource.start();
        IotPlatform platform = IotPlatformResource.platform();

        assertEquals(platform.mqttUri(), config.get("testbed.platform.mqtt-uri"));
        assertEquals(platform.legacyMqttUri(), config.get("testbed.platform.legacy-mqtt-uri"));
        assertEquals("127.0.0.1", config.get("testbed.platform.amqp-host"));
        assertEquals(String.valueOf(platform.amqpPort()), config.get("testbed.platform.amqp-port"));
        assertEquals("/#::ingest", config.get("testbed.platform.amqp-address"));
        assertEquals(platform.accessKeyId(), config.get("testbed.platform.access-key-id"));
        assertEquals(platform.accessKeySecret(), config.get("testbed.platform.access-key-secret"));
        assertEquals("iot-testbed", config.get("testbed.platform.instance-id"));
        assertEquals("cn-shanghai", config.get("testbed.platform.region-id"));
        assertEquals(platform.openApiEndpoint(), config.get("testbed.platform.openapi-endpoint"));
        DeviceRegistry registry = DeviceRegistry.load(Path.of(config.get("testbed.platform.registry-file")));
        assertEquals(IotPlatformResource.DEVICES, registry.size());
        assertEquals(platform.registry().devices(), registry.devices());

        IotPlatformResource another = new IotPlatformResource();
        another.init(Map.of("consumer-groups", "alerts:status, archive:data"));
        another.start();
        assertSame(platform, IotPlatformResource.platform());
        assertTrue(platform.consumerGroups().contains(new ConsumerGroup("alerts", false, true)));
        assertTrue(platform.consumerGroups().contains(ConsumerGroup.data("archive")));
        assertTrue(platform.consumerGroups().contains(ConsumerGroup.data(IotPlatformResource.BENCH_GROUP)));
        assertEquals(0, platform.queueDepth("archive"));
    }
}
