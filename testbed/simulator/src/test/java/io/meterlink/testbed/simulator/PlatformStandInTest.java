package io.meterlink.testbed.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.domain.frame.CommandFrame;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.simulator.MeterStatus.Endpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against the IoT Platform stand-in, which checks Alibaba device signatures and topic permissions:
 * the registry file the stand-in writes, signed CONNECTs, forwarding to the consumer group, a command through the
 * platform's Pub path, the legacy cluster's per-meter command addressing and the switch onto the platform.
 */
class PlatformStandInTest {

    private static final String PRODUCT_KEY = IotPlatform.DEFAULT_PRODUCT_KEY;

    @TempDir
    Path dir;

    @Test
    void metersAuthenticateWithTheirSecretsAndALegacyMeterMovesOntoThePlatform() throws Exception {
        DeviceRegistry registry = DeviceRegistry.generate(4, PRODUCT_KEY, 20_260_101L);
        Path registryFile = registry.write(dir.resolve("devices.csv"));
        String legacyMeter = DeviceRegistry.deviceName(1);
        String platformMeter = DeviceRegistry.deviceName(2);
        try (IotPlatform platform = IotPlatform.builder().registry(registry).start();
                TopicRecorder legacyBackend = TopicRecorder.connect(platform.legacyMqttUri(), "legacy-bridge")
                        .subscribe(TopicMapping.LEGACY_DATA_POST + "/+");
                MeterFleet fleet = MeterFleet.builder().registry(registryFile)
                        .platform(platform.mqttUri()).signMethod(SignMethod.HMACSHA256)
                        .legacyBroker(platform.legacyMqttUri()).legacy(1)
                        .interval(Duration.ofSeconds(1)).build().start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(registry.devices().stream()
                    .allMatch(d -> fleet.meter(d.deviceName()).listening()), () -> "every meter connected and"
                    + " subscribed: " + fleet.stats() + " " + registry.devices().stream()
                    .map(d -> fleet.meter(d.deviceName())).toList()));
            assertEquals(3, platform.onlineDevices(), "three meters signed in on the platform");
            assertTrue(platform.isOnline(PRODUCT_KEY, platformMeter));

            // Readings of platform meters reach the consumer group; the legacy meter's reach the legacy backend
            // under its clientId.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(
                    platform.queueDepth(IotPlatform.DEFAULT_CONSUMER_GROUP) >= 6
                            && legacyBackend.on(TopicMapping.LEGACY_DATA_POST + "/" + legacyMeter).size() >= 2,
                    () -> "forwarded " + platform.queueDepth(IotPlatform.DEFAULT_CONSUMER_GROUP) + ", legacy backend got "
                            + legacyBackend.arrivals() + ", fleet " + fleet.stats()));

            platform.publishToDevice(PRODUCT_KEY, TopicMapping.cmdDown(PRODUCT_KEY, platformMeter).fullName(),
                    "CMD,31,ad322".getBytes(StandardCharsets.US_ASCII), 1);
            legacyBackend.publish(TopicMapping.LEGACY_CMD_PUSH + "/" + legacyMeter, "CMD,32,OTA,platform");

            // Both commands travel on their own: wait for each (the Pub one is not ordered before the switch).
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.switchedToPlatform() == 1
                    && platform.isOnline(PRODUCT_KEY, legacyMeter)
                    && !fleet.commandsReceived(platformMeter).isEmpty());
            assertEquals(List.of(new CommandFrame(31, List.of("ad322"))), fleet.commandsReceived(platformMeter));
            assertEquals(List.of(new CommandFrame(32, List.of("OTA", "platform"))),
                    fleet.commandsReceived(legacyMeter));
            assertEquals(Endpoint.PLATFORM, fleet.meter(legacyMeter).endpoint());
            assertEquals(List.of(), fleet.commandsReceived(DeviceRegistry.deviceName(3)),
                    "a command for one meter reaches only that meter");
            assertEquals(0, fleet.errors(), "no refused CONNECT, subscription or frame");
        }
    }

    @Test
    void aFleetWithWrongSecretsIsRefusedAndReportsIt() throws Exception {
        DeviceRegistry registry = DeviceRegistry.generate(2, PRODUCT_KEY, 7);
        List<MeterIdentity> forged = registry.devices().stream()
                .map(d -> new MeterIdentity(d.productKey(), d.deviceName(), "not-" + d.deviceSecret())).toList();
        try (IotPlatform platform = IotPlatform.builder().registry(registry).legacyBroker(false).start();
                MeterFleet fleet = MeterFleet.builder().meters(forged).platform(platform.mqttUri())
                        .connectAttempts(2).reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(200))
                        .build().start()) {
            String failure = fleet.awaitFailure(Duration.ofSeconds(30)).orElseThrow();
            assertTrue(failure.contains("2 not authorized (CONNACK 5/4"), failure);
            assertEquals(0, platform.onlineDevices());
        }
    }
}
