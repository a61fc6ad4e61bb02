package io.meterlink.testbed.cloudapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.dysmsapi20170525.Client;
import com.aliyun.dysmsapi20170525.models.SendSmsResponse;
import com.aliyun.dysmsapi20170525.models.SendSmsResponseBody;
import com.aliyun.tea.TeaException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SMS {@code SendSms} through the real dysmsapi20170525 SDK: acceptance and the {@code GET /sms}
 * listing, and each validation error with the code Alibaba's SMS service uses.
 */
class SendSmsTest {

    private static final String TEMPLATE = "SMS_465780001";
    private static final String VALID_PARAM = "{\"meter\":\"meter-000001\",\"alarm\":\"cover opened\"}";

    private static CloudApiServer server;
    private static Client client;

    @BeforeAll
    static void start() throws Exception {
        server = CloudApiServer.start(AlibabaSdks.settings()
                .smsSignNames("MeterLink 告警")
                .smsTemplate(TEMPLATE, "meter", "alarm")
                .build(), new RecordingPubHandler());
        client = AlibabaSdks.smsClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void acceptedSmsIsRecordedAndListedOnGetSms() throws Exception {
        SendSmsResponse response = client.sendSms(AlibabaSdks.sms("13912340001,+8613912340002", VALID_PARAM)
                .setOutId("alert-42"));

        SendSmsResponseBody body = response.getBody();
        assertEquals(200, response.getStatusCode());
        assertEquals("OK", body.getCode());
        assertEquals("OK", body.getMessage());
        assertNotNull(body.getBizId());
        assertNotNull(body.getRequestId());
        SentSms sent = server.smsLog().get(server.smsLog().size() - 1);
        assertEquals(body.getBizId(), sent.bizId());
        assertEquals(List.of("13912340001", "+8613912340002"), sent.phoneNumbers());
        assertEquals("MeterLink 告警", sent.signName());
        assertEquals(TEMPLATE, sent.templateCode());
        assertEquals(VALID_PARAM, sent.templateParam());
        assertEquals("alert-42", sent.outId());

        JsonNode listing = getSms("?phone=" + URLEncoder.encode("+8613912340001", StandardCharsets.UTF_8));
        assertEquals(1, listing.size(), listing.toString());
        assertEquals(body.getBizId(), listing.get(0).get("bizId").asText());
        assertEquals("alert-42", listing.get(0).get("outId").asText());
        assertEquals(VALID_PARAM, listing.get(0).get("templateParam").asText());
        JsonNode all = getSms("");
        assertEquals(body.getBizId(), all.get(all.size() - 1).get("bizId").asText(), "newest last");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            landline number          | 02188886666                   | `{"meter":"m1","alarm":"a"}` | isv.MOBILE_NUMBER_ILLEGAL     | 02188886666
            one bad number of two    | 13912340003,1391234000        | `{"meter":"m1","alarm":"a"}` | isv.MOBILE_NUMBER_ILLEGAL     | 1391234000
            empty entry              | 13912340003,                  | `{"meter":"m1","alarm":"a"}` | isv.MOBILE_NUMBER_ILLEGAL     | PhoneNumbers
            broken JSON              | 13912340004                   | `{"meter":"m1",`             | isv.INVALID_JSON_PARAM        | TemplateParam
            JSON array               | 13912340004                   | `["m1"]`                     | isv.INVALID_JSON_PARAM        | object
            number value             | 13912340004                   | `{"meter":"m1","alarm":3}`   | isv.INVALID_JSON_PARAM        | alarm
            trailing garbage         | 13912340004                   | `{"meter":"m1","alarm":"a"} x` | isv.INVALID_JSON_PARAM      | TemplateParam
            missing template var     | 13912340005                   | `{"meter":"m1"}`             | isv.TEMPLATE_MISSING_PARAMETERS | alarm
            """)
    void invalidSmsIsRefusedWithItsIsvCode(String name, String phones, String templateParam, String code,
            String named) throws Exception {
        int logged = server.smsLog().size();

        SendSmsResponse response = client.sendSms(AlibabaSdks.sms(phones, templateParam));

        assertEquals(200, response.getStatusCode(), "isv.* errors come with HTTP 200, the SDK does not throw");
        assertEquals(code, response.getBody().getCode());
        assertTrue(response.getBody().getMessage().contains(named), response.getBody().getMessage());
        assertNull(response.getBody().getBizId());
        assertEquals(logged, server.smsLog().size(), "refused SMS must not be recorded");
    }

    @Test
    void moreThanAThousandNumbersIsRefused() throws Exception {
        String phones = IntStream.range(0, 1001).mapToObj(i -> String.format("139%08d", i))
                .collect(Collectors.joining(","));

        SendSmsResponse response = client.sendSms(AlibabaSdks.sms(phones, VALID_PARAM));

        assertEquals("isv.MOBILE_COUNT_OVER_LIMIT", response.getBody().getCode());
    }

    @Test
    void unknownSignatureAndTemplateAreRefused() throws Exception {
        SendSmsResponse badSign = client.sendSms(AlibabaSdks.sms("13912340006", VALID_PARAM).setSignName("Other"));
        SendSmsResponse badTemplate = client.sendSms(AlibabaSdks.sms("13912340006", VALID_PARAM)
                .setTemplateCode("SMS_000000000"));

        assertEquals("isv.SMS_SIGNATURE_ILLEGAL", badSign.getBody().getCode());
        assertEquals("isv.SMS_TEMPLATE_ILLEGAL", badTemplate.getBody().getCode());
    }

    @Test
    void missingRequiredParameterIsAGatewayErrorTheSdkThrows() {
        TeaException e = assertThrows(TeaException.class,
                () -> client.sendSms(AlibabaSdks.sms("13912340007", VALID_PARAM).setSignName(null)));

        assertEquals("MissingSignName", e.getCode());
        assertEquals(400, e.getStatusCode());
    }

    private static JsonNode getSms(String query) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + server.endpoint() + "/sms" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return new ObjectMapper().readTree(response.body());
    }
}
