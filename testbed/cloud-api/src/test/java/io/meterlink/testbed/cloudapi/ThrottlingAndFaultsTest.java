package io.meterlink.testbed.cloudapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.dysmsapi20170525.models.SendSmsResponse;
import com.aliyun.tea.TeaException;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.iot.model.v20180120.PubResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flow control and injected failures, seen through the real SDKs: what a service's retry logic will
 * meet (gateway errors as exceptions, business errors as ordinary answers).
 */
class ThrottlingAndFaultsTest {

    private static final String PARAM = "{\"meter\":\"meter-000001\"}";

    private static final RecordingPubHandler HANDLER = new RecordingPubHandler();
    private static CloudApiServer server;
    private static DefaultAcsClient iot;
    private static com.aliyun.dysmsapi20170525.Client sms;

    @BeforeAll
    static void start() throws Exception {
        server = CloudApiServer.start(AlibabaSdks.settings().build(), HANDLER);
        iot = AlibabaSdks.iotClient();
        sms = AlibabaSdks.smsClient(server);
    }

    @AfterAll
    static void stop() {
        iot.shutdown();
        server.close();
    }

    @BeforeEach
    void noLeftoverFailures() {
        server.clearFailures();
    }

    @Test
    void callsBeyondTheQuotaAreThrottledForBothApis() throws Exception {
        // A quota per minute instead of per second keeps the test independent of machine speed.
        try (CloudApiServer limited = CloudApiServer.start(AlibabaSdks.settings()
                .quota("Pub", 2, Duration.ofMinutes(1))
                .quota("SendSms", 1, Duration.ofMinutes(1))
                .build(), HANDLER)) {
            for (int i = 0; i < 2; i++) {
                assertTrue(iot.getAcsResponse(pub(limited, "meter-000201")).getSuccess());
            }
            ClientException pubError = assertThrows(ClientException.class,
                    () -> iot.getAcsResponse(pub(limited, "meter-000201")));
            assertEquals("Throttling.User", pubError.getErrCode());
            assertFalse(pubError instanceof ServerException);
            assertEquals(2, limited.pubLog().size());

            var limitedSms = AlibabaSdks.smsClient(limited);
            assertEquals("OK", limitedSms.sendSms(AlibabaSdks.sms("13912340201", PARAM)).getBody().getCode());
            TeaException smsError = assertThrows(TeaException.class,
                    () -> limitedSms.sendSms(AlibabaSdks.sms("13912340201", PARAM)));
            assertEquals("Throttling.User", smsError.getCode());
            assertEquals(400, smsError.getStatusCode());
            assertEquals(1, limited.smsLog().size());
        }
    }

    @Test
    void smsBusinessLimitTwiceThenSuccess() throws Exception {
        server.failNext("SendSms", "isv.BUSINESS_LIMIT_CONTROL", 2);

        SendSmsResponse first = sms.sendSms(AlibabaSdks.sms("13912340202", PARAM));
        SendSmsResponse second = sms.sendSms(AlibabaSdks.sms("13912340202", PARAM));
        SendSmsResponse third = sms.sendSms(AlibabaSdks.sms("13912340202", PARAM));

        assertEquals("isv.BUSINESS_LIMIT_CONTROL", first.getBody().getCode());
        assertEquals(200, first.getStatusCode());
        assertEquals("isv.BUSINESS_LIMIT_CONTROL", second.getBody().getCode());
        assertEquals("OK", third.getBody().getCode());
        assertEquals(1, server.smsLog().stream().filter(s -> s.sentTo("13912340202")).count());
    }

    @Test
    void permanentSmsErrorRepeatsAsOftenAsAsked() throws Exception {
        server.failNext("SendSms", "isv.MOBILE_NUMBER_ILLEGAL", 3);

        for (int i = 0; i < 3; i++) {
            assertEquals("isv.MOBILE_NUMBER_ILLEGAL",
                    sms.sendSms(AlibabaSdks.sms("13912340203", PARAM)).getBody().getCode());
        }
        assertEquals("OK", sms.sendSms(AlibabaSdks.sms("13912340203", PARAM)).getBody().getCode());
    }

    @Test
    void injectedSmsThrottlingIsThrownByTheSdk() throws Exception {
        server.failNext("SendSms", "Throttling.User", 1);

        TeaException e = assertThrows(TeaException.class, () -> sms.sendSms(AlibabaSdks.sms("13912340204", PARAM)));

        assertEquals("Throttling.User", e.getCode());
        assertEquals("OK", sms.sendSms(AlibabaSdks.sms("13912340204", PARAM)).getBody().getCode());
    }

    @Test
    void pubThrottledThenDelivered() throws Exception {
        server.failNext("Pub", "Throttling.User", 1);

        ClientException e = assertThrows(ClientException.class, () -> iot.getAcsResponse(pub(server, "meter-000205")));
        PubResponse retried = iot.getAcsResponse(pub(server, "meter-000205"));

        assertEquals("Throttling.User", e.getErrCode());
        assertTrue(retried.getSuccess());
        assertEquals(1, HANDLER.calls().stream().filter(c -> c.topicFullName().contains("meter-000205")).count());
    }

    @Test
    void injectedServerSideFailureIsAServerException() {
        server.failNext("Pub", "ServiceUnavailable", 1);

        ServerException e = assertThrows(ServerException.class, () -> iot.getAcsResponse(pub(server, "meter-000206")));

        assertEquals("ServiceUnavailable", e.getErrCode());
    }

    @Test
    void injectedPlatformErrorIsSuccessFalse() throws Exception {
        server.failNext("Pub", "iot.messagebroker.OFFLINE", 1);

        PubResponse response = iot.getAcsResponse(pub(server, "meter-000207"));

        assertFalse(response.getSuccess());
        assertEquals("iot.messagebroker.OFFLINE", response.getCode());
        assertTrue(HANDLER.calls().stream().noneMatch(c -> c.topicFullName().contains("meter-000207")));
    }

    @Test
    void injectedFailureWaitsForAProperlySignedCall() throws Exception {
        server.failNext("Pub", "Throttling.User", 1);
        DefaultAcsClient wrongSecret = AlibabaSdks.iotClient(AlibabaSdks.ACCESS_KEY_ID, "not-the-secret");
        try {
            ClientException refused = assertThrows(ClientException.class,
                    () -> wrongSecret.getAcsResponse(pub(server, "meter-000208")));
            assertEquals("SDK.InvalidAccessKeySecret", refused.getErrCode());
        } finally {
            wrongSecret.shutdown();
        }

        ClientException injected = assertThrows(ClientException.class,
                () -> iot.getAcsResponse(pub(server, "meter-000208")));

        assertEquals("Throttling.User", injected.getErrCode());
    }

    @Test
    void failNextRejectsUnknownActionsAndCounts() {
        assertThrows(IllegalArgumentException.class, () -> server.failNext("BatchPub", "Throttling.User", 1));
        assertThrows(IllegalArgumentException.class, () -> server.failNext("Pub", "Throttling.User", 0));
    }

    private static com.aliyuncs.iot.model.v20180120.PubRequest pub(CloudApiServer target, String deviceName) {
        return AlibabaSdks.pub(target, AlibabaSdks.cmdDown(deviceName), new byte[] {'C', 'M', 'D'}, 1);
    }
}
