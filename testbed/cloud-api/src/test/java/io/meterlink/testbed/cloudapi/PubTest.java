package io.meterlink.testbed.cloudapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.iot.model.v20180120.PubRequest;
import com.aliyuncs.iot.model.v20180120.PubResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IoT {@code Pub} through the real aliyun-java-sdk-iot: delivery, the listing, and parameter validation. */
class PubTest {

    private static final RecordingPubHandler HANDLER = new RecordingPubHandler();
    private static CloudApiServer server;
    private static DefaultAcsClient client;

    @BeforeAll
    static void start() {
        server = CloudApiServer.start(AlibabaSdks.settings().build(), HANDLER);
        client = AlibabaSdks.iotClient();
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        server.close();
    }

    @Test
    void pubDeliversTheExactDecodedBytesToTheHandler() throws Exception {
        byte[] content = new byte[256 + 16];
        for (int i = 0; i < 256; i++) {
            content[i] = (byte) i;
        }
        System.arraycopy("CMD,82923,ad322\n".getBytes(StandardCharsets.US_ASCII), 0, content, 256, 16);
        String topic = AlibabaSdks.cmdDown("meter-000001");

        PubResponse response = client.getAcsResponse(AlibabaSdks.pub(server, topic, content, 1));

        assertTrue(response.getSuccess());
        assertNotNull(response.getRequestId());
        RecordingPubHandler.Call call = HANDLER.calls().stream()
                .filter(c -> c.topicFullName().equals(topic)).findFirst().orElseThrow();
        assertArrayEquals(content, call.content());
        assertEquals(AlibabaSdks.PRODUCT_KEY, call.productKey());
        assertEquals(1, call.qos());
        assertEquals(AlibabaSdks.INSTANCE_ID, call.iotInstanceId());
        AcceptedPub logged = server.pubLog().stream()
                .filter(p -> p.messageId().equals(response.getMessageId())).findFirst().orElseThrow();
        assertArrayEquals(content, logged.content());
        assertEquals(topic, logged.topicFullName());
    }

    @Test
    void acceptedPubIsListedOnGetPub() throws Exception {
        String topic = AlibabaSdks.cmdDown("meter-000002");
        PubResponse response = client.getAcsResponse(
                AlibabaSdks.pub(server, topic, "CMD,1,ab12".getBytes(StandardCharsets.US_ASCII), 0));

        HttpResponse<String> listing = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + server.endpoint() + "/pub")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, listing.statusCode());
        JsonNode entry = null;
        for (JsonNode node : new ObjectMapper().readTree(listing.body())) {
            if (node.get("messageId").asText().equals(response.getMessageId())) {
                entry = node;
            }
        }
        assertNotNull(entry, listing.body());
        assertEquals(topic, entry.get("topicFullName").asText());
        assertEquals(0, entry.get("qos").asInt());
        assertEquals("CMD,1,ab12", entry.get("text").asText());
        assertEquals(Base64.getEncoder().encodeToString("CMD,1,ab12".getBytes(StandardCharsets.US_ASCII)),
                entry.get("messageContent").asText());
    }

    @Test
    void handlerRefusalIsAnsweredAsSuccessFalseWithItsCode() throws Exception {
        HANDLER.refuseWith("iot.messagebroker.OFFLINE", "Failed because the device is offline.");
        try {
            PubResponse response = client.getAcsResponse(
                    AlibabaSdks.pub(server, AlibabaSdks.cmdDown("meter-000003"), new byte[] {1}, 0));

            assertFalse(response.getSuccess());
            assertEquals("iot.messagebroker.OFFLINE", response.getCode());
            assertEquals("Failed because the device is offline.", response.getErrorMessage());
            assertTrue(server.pubLog().stream().noneMatch(p -> p.topicFullName().endsWith("/meter-000003/user/cmd/down")));
        } finally {
            HANDLER.refuseWith(null, null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            topic of another product    | /b2Other9pk/meter-000001/user/cmd/down | Q01E | 0 | iot.messagebroker.InvalidFormattedTopicName | TopicFullName
            wildcard topic              | /a1MeterLnk9/+/user/cmd/down           | Q01E | 0 | iot.messagebroker.InvalidFormattedTopicName | wildcard
            not a user topic            | /a1MeterLnk9/meter-000001/cmd/down     | Q01E | 0 | iot.messagebroker.InvalidFormattedTopicName | user
            content not Base64          | /a1MeterLnk9/meter-000001/user/cmd/down | C*MD | 0 | iot.messagebroker.MessageContentIsNotBase64Encode | MessageContent
            Qos 2                       | /a1MeterLnk9/meter-000001/user/cmd/down | Q01E | 2 | iot.system.IllegalRequest | Qos
            """)
    void invalidParametersAreRefusedWithIotCodes(String name, String topic, String content, int qos, String code,
            String named) throws Exception {
        int callsBefore = HANDLER.calls().size();
        PubRequest request = AlibabaSdks.pub(server, topic, new byte[0], qos);
        request.setMessageContent(content);

        PubResponse response = client.getAcsResponse(request);

        assertFalse(response.getSuccess());
        assertEquals(code, response.getCode());
        assertTrue(response.getErrorMessage().contains(named), response.getErrorMessage());
        assertEquals(callsBefore, HANDLER.calls().size(), "handler must not see refused calls");
    }
}
