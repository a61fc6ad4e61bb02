package io.meterlink.testbed.cloudapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.tea.TeaException;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.iot.model.v20180120.PubRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each way a caller is refused before anything happens — wrong secret, unknown AccessKey, tampered
 * request, replayed nonce, timestamp outside the window — with the real SDKs as clients, and the
 * exception/code each SDK surfaces (what the services branch on). Replays and tampering re-send a
 * request captured from the SDK byte for byte, so the test never signs anything itself.
 */
class AuthenticationTest {

    private static final String PUB_OK = "{\"RequestId\":\"C\",\"Success\":true,\"MessageId\":\"1\"}";
    private static final String SMS_OK = "{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"1\",\"RequestId\":\"C\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final RecordingPubHandler HANDLER = new RecordingPubHandler();
    private static CloudApiServer server;

    @BeforeAll
    static void start() {
        server = CloudApiServer.start(AlibabaSdks.settings().build(), HANDLER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pubSignedWithTheWrongSecretIsRefused() {
        DefaultAcsClient client = AlibabaSdks.iotClient(AlibabaSdks.ACCESS_KEY_ID, "not-the-secret");
        try {
            ClientException e = assertThrows(ClientException.class, () -> client.getAcsResponse(
                    AlibabaSdks.pub(server, AlibabaSdks.cmdDown("meter-000101"), new byte[] {1}, 0)));

            // The server answers SignatureDoesNotMatch with its string-to-sign; the SDK sees it equals its
            // own and reports the secret as the culprit, as it does against Alibaba.
            assertEquals("SDK.InvalidAccessKeySecret", e.getErrCode());
            assertTrue(HANDLER.calls().stream().noneMatch(c -> c.topicFullName().contains("meter-000101")));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void smsSignedWithTheWrongSecretIsRefused() throws Exception {
        var client = AlibabaSdks.smsClient(server, AlibabaSdks.ACCESS_KEY_ID, "not-the-secret");
        int logged = server.smsLog().size();

        TeaException e = assertThrows(TeaException.class,
                () -> client.sendSms(AlibabaSdks.sms("13912340101", "{\"meter\":\"m\"}")));

        assertEquals("SignatureDoesNotMatch", e.getCode());
        assertEquals(400, e.getStatusCode());
        assertEquals(logged, server.smsLog().size());
    }

    @Test
    void unknownAccessKeyIsRefusedForBothApis() throws Exception {
        DefaultAcsClient iot = AlibabaSdks.iotClient("LTAI5tNobodyKnowsMe", AlibabaSdks.ACCESS_KEY_SECRET);
        try {
            ClientException pubError = assertThrows(ClientException.class, () -> iot.getAcsResponse(
                    AlibabaSdks.pub(server, AlibabaSdks.cmdDown("meter-000102"), new byte[] {1}, 0)));
            assertEquals("InvalidAccessKeyId.NotFound", pubError.getErrCode());
            assertFalse(pubError instanceof ServerException, "a 404 is the caller's fault, not the server's");
        } finally {
            iot.shutdown();
        }
        var sms = AlibabaSdks.smsClient(server, "LTAI5tNobodyKnowsMe", AlibabaSdks.ACCESS_KEY_SECRET);
        TeaException smsError = assertThrows(TeaException.class,
                () -> sms.sendSms(AlibabaSdks.sms("13912340102", "{\"meter\":\"m\"}")));
        assertEquals("InvalidAccessKeyId.NotFound", smsError.getCode());
        assertEquals(404, smsError.getStatusCode());
    }

    @Test
    void tamperedPubQueryOrBodyFailsTheSignature() throws Exception {
        CapturedRequest original = capturePub("meter-000103");

        CapturedRequest otherQos = original.withTarget("Qos=1", "Qos=0");
        CapturedRequest otherBody = new CapturedRequest(original.method(), original.pathAndQuery(), original.headers(),
                "MessageContent=Q01EMg%3D%3D".getBytes(StandardCharsets.US_ASCII));

        assertGatewayError(otherQos.sendTo(server.port()), 400, "SignatureDoesNotMatch");
        assertGatewayError(otherBody.sendTo(server.port()), 400, "SignatureDoesNotMatch");
        assertTrue(HANDLER.calls().stream().noneMatch(c -> c.topicFullName().contains("meter-000103")));
    }

    @Test
    void tamperedSmsQueryFailsTheSignature() throws Exception {
        CapturedRequest original = captureSms("13912340104");

        CapturedRequest otherPhone = original.withTarget("13912340104", "13912340105");

        assertGatewayError(otherPhone.sendTo(server.port()), 400, "SignatureDoesNotMatch");
        assertTrue(server.smsLog().stream().noneMatch(s -> s.sentTo("13912340105")));
    }

    @Test
    void replayedPubIsRefusedWithSignatureNonceUsed() throws Exception {
        CapturedRequest captured = capturePub("meter-000106");

        CapturedRequest.Answer first = captured.sendTo(server.port());
        CapturedRequest.Answer replay = captured.sendTo(server.port());

        assertEquals(200, first.status(), first.body());
        assertTrue(JSON.readTree(first.body()).get("Success").asBoolean());
        assertGatewayError(replay, 400, "SignatureNonceUsed");
        assertEquals(1, HANDLER.calls().stream().filter(c -> c.topicFullName().contains("meter-000106")).count());
    }

    @Test
    void replayedSmsIsRefusedWithSignatureNonceUsed() throws Exception {
        CapturedRequest captured = captureSms("13912340107");

        CapturedRequest.Answer first = captured.sendTo(server.port());
        CapturedRequest.Answer replay = captured.sendTo(server.port());

        assertEquals(200, first.status(), first.body());
        assertEquals("OK", JSON.readTree(first.body()).get("Code").asText());
        assertGatewayError(replay, 400, "SignatureNonceUsed");
        assertEquals(1, server.smsLog().stream().filter(s -> s.sentTo("13912340107")).count());
    }

    @Test
    void requestsSignedOutsideTheTimestampWindowAreRefused() throws Exception {
        // The server's clock runs 16 minutes ahead: every fresh SDK request looks 16 minutes old.
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16));
        RecordingPubHandler handler = new RecordingPubHandler();
        try (CloudApiServer skewed = CloudApiServer.start(AlibabaSdks.settings().clock(ahead).build(), handler)) {
            DefaultAcsClient iot = AlibabaSdks.iotClient();
            try {
                ClientException pubError = assertThrows(ClientException.class, () -> iot.getAcsResponse(
                        AlibabaSdks.pub(skewed, AlibabaSdks.cmdDown("meter-000108"), new byte[] {1}, 0)));
                assertEquals("InvalidTimeStamp.Expired", pubError.getErrCode());
            } finally {
                iot.shutdown();
            }
            TeaException smsError = assertThrows(TeaException.class, () -> AlibabaSdks.smsClient(skewed)
                    .sendSms(AlibabaSdks.sms("13912340108", "{\"meter\":\"m\"}")));
            assertEquals("InvalidTimeStamp.Expired", smsError.getCode());
            assertEquals(400, smsError.getStatusCode());
            assertTrue(handler.calls().isEmpty());
            assertTrue(skewed.smsLog().isEmpty());
        }
    }

    @Test
    void requestFromTheFutureIsRefusedToo() throws Exception {
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16));
        try (CloudApiServer skewed = CloudApiServer.start(AlibabaSdks.settings().clock(behind).build(),
                new RecordingPubHandler())) {
            PubRequest request = AlibabaSdks.pub(skewed, AlibabaSdks.cmdDown("meter-000109"), new byte[] {1}, 0);
            DefaultAcsClient iot = AlibabaSdks.iotClient();
            try {
                ClientException e = assertThrows(ClientException.class, () -> iot.getAcsResponse(request));
                assertEquals("InvalidTimeStamp.Expired", e.getErrCode());
            } finally {
                iot.shutdown();
            }
        }
    }

    private static CapturedRequest capturePub(String deviceName) throws IOException {
        return CapturedRequest.capture(PUB_OK, endpoint -> {
            DefaultAcsClient client = AlibabaSdks.iotClient();
            try {
                PubRequest request = AlibabaSdks.pub(server, AlibabaSdks.cmdDown(deviceName),
                        "CMD,1,ab".getBytes(StandardCharsets.US_ASCII), 1);
                request.setSysEndpoint(endpoint);
                client.getAcsResponse(request);
            } catch (ClientException e) {
                throw new IllegalStateException(e);
            } finally {
                client.shutdown();
            }
        });
    }

    private static CapturedRequest captureSms(String phone) throws IOException {
        return CapturedRequest.capture(SMS_OK, endpoint -> {
            try {
                new com.aliyun.dysmsapi20170525.Client(new com.aliyun.teaopenapi.models.Config()
                        .setAccessKeyId(AlibabaSdks.ACCESS_KEY_ID)
                        .setAccessKeySecret(AlibabaSdks.ACCESS_KEY_SECRET)
                        .setEndpoint(endpoint)
                        .setProtocol("HTTP"))
                        .sendSms(AlibabaSdks.sms(phone, "{\"meter\":\"m\"}"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void assertGatewayError(CapturedRequest.Answer answer, int status, String code) throws IOException {
        assertEquals(status, answer.status(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals(code, body.get("Code").asText(), answer.body());
        assertFalse(body.path("RequestId").asText().isEmpty(), answer.body());
        assertFalse(body.path("Message").asText().isEmpty(), answer.body());
        assertTrue(body.has("HostId"), answer.body());
    }
}
