package io.meterlink.testbed.platform;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.iot.model.v20180120.PubRequest;
import com.aliyuncs.iot.model.v20180120.PubResponse;
import com.aliyuncs.profile.DefaultProfile;
import io.meterlink.testbed.platform.command.CommandDelivery;
import io.meterlink.testbed.platform.command.PubDelivery;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real aliyun-java-sdk-iot PubRequest, pointed at the stand-in, reaches the device over MQTT. */
class PubApiTest {

    private static IotPlatform platform;
    private static DefaultAcsClient client;

    @BeforeAll
    static void start() {
        platform = IotPlatform.builder().legacyBroker(false).start();
        client = new DefaultAcsClient(DefaultProfile.getProfile(platform.regionId(), platform.accessKeyId(),
                platform.accessKeySecret()));
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        platform.close();
    }

    @Test
    void aPubReachesTheSubscribedDevice() throws Exception {
        RegisteredDevice device = platform.registry().device(45);
        MqttClient meter = Meters.connect(platform, device);
        try {
            BlockingQueue<MqttMessage> inbox = new LinkedBlockingQueue<>();
            meter.subscribe(cmdDown(device), 1, (topic, message) -> inbox.add(message));
            PubResponse response = client.getAcsResponse(pub(device, cmdDown(device), "CMD,82923,ad322", 1,
                    platform.instanceId()));
            assertTrue(response.getSuccess(), response.getCode() + " " + response.getErrorMessage());
            assertNotNull(response.getMessageId());
            MqttMessage received = inbox.poll(10, TimeUnit.SECONDS);
            assertNotNull(received, "no command within 10 s");
            assertEquals("CMD,82923,ad322", new String(received.getPayload(), StandardCharsets.US_ASCII));
        } finally {
            Meters.closeQuietly(meter);
        }
    }

    @Test
    void aQosOnePubToAnOfflineDeviceSucceedsAndIsDeliveredWhenItSubscribes() throws Exception {
        RegisteredDevice device = platform.registry().device(46);
        PubResponse response = client.getAcsResponse(pub(device, cmdDown(device), "CMD,1,later", 1,
                platform.instanceId()));
        assertTrue(response.getSuccess());
        assertEquals(1, platform.keptCommands(device.productKey(), device.deviceName()));
        MqttClient meter = Meters.connect(platform, device);
        try {
            BlockingQueue<MqttMessage> inbox = new LinkedBlockingQueue<>();
            meter.subscribe(cmdDown(device), 1, (topic, message) -> inbox.add(message));
            MqttMessage received = inbox.poll(10, TimeUnit.SECONDS);
            assertNotNull(received, "kept command not delivered within 10 s");
            assertEquals("CMD,1,later", new String(received.getPayload(), StandardCharsets.US_ASCII));
        } finally {
            Meters.closeQuietly(meter);
        }
    }

    @Test
    void aPubToAnUnregisteredDeviceIsRefusedWithAlibabasCode() throws Exception {
        RegisteredDevice ghost = new RegisteredDevice(IotPlatform.DEFAULT_PRODUCT_KEY, "meter-999998", "unused");
        PubResponse response = client.getAcsResponse(pub(ghost, cmdDown(ghost), "CMD,1,x", 0, platform.instanceId()));
        assertFalse(response.getSuccess());
        assertEquals(CommandDelivery.DEVICE_NOT_FOUND, response.getCode());
    }

    @Test
    void aPubNamingAnotherInstanceIsRefused() throws Exception {
        RegisteredDevice device = platform.registry().device(47);
        PubResponse response = client.getAcsResponse(pub(device, cmdDown(device), "CMD,1,x", 0, "iot-elsewhere"));
        assertFalse(response.getSuccess());
        assertEquals(PubDelivery.INSTANCE_NOT_FOUND, response.getCode());
    }

    private static PubRequest pub(RegisteredDevice device, String topic, String content, int qos, String instanceId) {
        PubRequest request = new PubRequest();
        request.setSysEndpoint(platform.openApiEndpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setProductKey(device.productKey());
        request.setTopicFullName(topic);
        request.setMessageContent(Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.US_ASCII)));
        request.setQos(qos);
        request.setIotInstanceId(instanceId);
        return request;
    }

    private static String cmdDown(RegisteredDevice device) {
        return "/" + device.productKey() + "/" + device.deviceName() + "/user/cmd/down";
    }
}
