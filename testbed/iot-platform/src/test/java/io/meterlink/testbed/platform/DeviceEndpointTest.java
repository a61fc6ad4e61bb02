package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.MqttConnectCredentials;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.testbed.platform.device.PlatformSecurity;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device MQTT endpoint authenticates like Alibaba: signed CONNECT, keepalive range, one connection per device. */
class DeviceEndpointTest {

    private static IotPlatform platform;

    @BeforeAll
    static void start() {
        platform = IotPlatform.builder().legacyBroker(false).start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @ParameterizedTest
    @EnumSource(SignMethod.class)
    void aCorrectlySignedDeviceConnectsWithEverySignMethod(SignMethod method) throws Exception {
        RegisteredDevice device = platform.registry().device(1);
        MqttConnectCredentials credentials = DeviceSigner.connect(device.productKey(), device.deviceName(),
                device.deviceSecret(), "sn-" + method.wireName(), method, DeviceSigner.SECUREMODE_TLS,
                System.currentTimeMillis());
        MqttClient client = new MqttClient(platform.mqttUri(), credentials.clientId(), new MemoryPersistence());
        try {
            client.connect(Meters.options(credentials, 300));
            assertTrue(client.isConnected());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> platform.isOnline(device.productKey(), device.deviceName()));
        } finally {
            Meters.closeQuietly(client);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !platform.isOnline(device.productKey(), device.deviceName()));
    }

    @Test
    void aWrongSignatureIsRefusedWithNotAuthorizedAndLogged() throws Exception {
        RegisteredDevice device = platform.registry().device(2);
        MqttConnectCredentials signedWithAnotherSecret = DeviceSigner.connect(device.productKey(), device.deviceName(),
                "not-the-device-secret", device.deviceName(), SignMethod.HMACSHA1, DeviceSigner.SECUREMODE_TCP,
                System.currentTimeMillis());
        try (LogCapture log = LogCapture.of(PlatformSecurity.class.getName())) {
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refusal(signedWithAnotherSecret, 60));
            assertTrue(log.contains("refused CONNECT", device.deviceName(), "bad_signature"), log.messages().toString());
        }
        assertFalse(platform.isOnline(device.productKey(), device.deviceName()));
    }

    @Test
    void anUnknownDeviceIsRefusedWithNotAuthorized() throws Exception {
        MqttConnectCredentials unknown = DeviceSigner.connect(IotPlatform.DEFAULT_PRODUCT_KEY, "meter-999999",
                "some-secret", "meter-999999", SignMethod.HMACSHA256, DeviceSigner.SECUREMODE_TCP,
                System.currentTimeMillis());
        try (LogCapture log = LogCapture.of(PlatformSecurity.class.getName())) {
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refusal(unknown, 60));
            assertTrue(log.contains("meter-999999", "unknown_device"), log.messages().toString());
        }
    }

    @Test
    void aClientIdTamperedAfterSigningIsRefused() throws Exception {
        RegisteredDevice device = platform.registry().device(3);
        MqttConnectCredentials genuine = Meters.credentials(device, "serial-1");
        MqttConnectCredentials tampered = new MqttConnectCredentials(
                genuine.clientId().replace("serial-1", "serial-2"), genuine.username(), genuine.password());
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refusal(tampered, 60));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 29, 1201})
    void aKeepaliveOutsideThirtyToTwelveHundredSecondsIsRefused(int keepAlive) throws Exception {
        RegisteredDevice device = platform.registry().device(4);
        try (LogCapture log = LogCapture.of(PlatformSecurity.class.getName())) {
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED,
                    refusal(Meters.credentials(device, device.deviceName()), keepAlive));
            assertTrue(log.contains(device.deviceName(), "keepalive"), log.messages().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 1200})
    void theKeepaliveBoundsThemselvesAreAccepted(int keepAlive) throws Exception {
        RegisteredDevice device = platform.registry().device(5);
        MqttConnectCredentials credentials = Meters.credentials(device, device.deviceName());
        MqttClient client = new MqttClient(platform.mqttUri(), credentials.clientId(), new MemoryPersistence());
        try {
            client.connect(Meters.options(credentials, keepAlive));
            assertTrue(client.isConnected());
        } finally {
            Meters.closeQuietly(client);
        }
    }

    @Test
    void aSecondConnectionOfTheSameDeviceDropsTheFirstEvenWithAnotherTimestamp() throws Exception {
        RegisteredDevice device = platform.registry().device(6);
        MqttConnectCredentials first = DeviceSigner.connect(device.productKey(), device.deviceName(),
                device.deviceSecret(), device.deviceName(), SignMethod.HMACSHA1, DeviceSigner.SECUREMODE_TCP, 1_000L);
        MqttConnectCredentials second = DeviceSigner.connect(device.productKey(), device.deviceName(),
                device.deviceSecret(), device.deviceName(), SignMethod.HMACSHA1, DeviceSigner.SECUREMODE_TCP, 2_000L);
        MqttClient older = new MqttClient(platform.mqttUri(), first.clientId(), new MemoryPersistence());
        MqttClient newer = new MqttClient(platform.mqttUri(), second.clientId(), new MemoryPersistence());
        CompletableFuture<Throwable> olderLost = new CompletableFuture<>();
        older.setCallback(new LostConnection(olderLost));
        try {
            older.connect(Meters.options(first, 60));
            newer.connect(Meters.options(second, 60));
            olderLost.get(10, TimeUnit.SECONDS);
            assertFalse(older.isConnected());
            assertTrue(newer.isConnected());
            assertTrue(platform.isOnline(device.productKey(), device.deviceName()));
        } finally {
            Meters.closeQuietly(older);
            Meters.closeQuietly(newer);
        }
    }

    @Test
    void aSecondConnectionWithTheIdenticalClientIdTakesOver() throws Exception {
        RegisteredDevice device = platform.registry().device(7);
        MqttConnectCredentials credentials = Meters.credentials(device, device.deviceName());
        MqttClient older = new MqttClient(platform.mqttUri(), credentials.clientId(), new MemoryPersistence());
        MqttClient newer = new MqttClient(platform.mqttUri(), credentials.clientId(), new MemoryPersistence());
        CompletableFuture<Throwable> olderLost = new CompletableFuture<>();
        older.setCallback(new LostConnection(olderLost));
        try {
            older.connect(Meters.options(credentials, 60));
            newer.connect(Meters.options(credentials, 60));
            olderLost.get(10, TimeUnit.SECONDS);
            assertTrue(newer.isConnected());
            assertTrue(platform.isOnline(device.productKey(), device.deviceName()));
        } finally {
            Meters.closeQuietly(older);
            Meters.closeQuietly(newer);
        }
    }

    /** The CONNACK refusal code Paho reports. */
    private static int refusal(MqttConnectCredentials credentials, int keepAlive) throws MqttException {
        MqttClient client = new MqttClient(platform.mqttUri(), credentials.clientId(), new MemoryPersistence());
        try {
            MqttException refused = assertThrows(MqttException.class,
                    () -> client.connect(Meters.options(credentials, keepAlive)));
            return refused.getReasonCode();
        } finally {
            client.close(true);
        }
    }

    private record LostConnection(CompletableFuture<Throwable> lost) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            lost.complete(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
