package io.meterlink.testbed.cloudapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signature building blocks on their own: encoding rules, Alibaba's published RPC example, ACS3 layout. */
class SignatureTest {

    @Test
    void percentEncodingFollowsAlibabasRfc3986Variant() {
        assertEquals("a%20b%2Ac~d%2B%2F%3D%26", PercentEncoding.encode("a b*c~d+/=&"));
        assertEquals("%E5%91%8A%E8%AD%A6", PercentEncoding.encode("告警"));
        assertEquals("AZaz09-_.", PercentEncoding.encode("AZaz09-_."));
    }

    @Test
    void formDecodingTreatsPlusAsSpaceAndKeepsEncodedPlus() {
        Map<String, String> params = PercentEncoding.decodeForm("SignName=MeterLink+%E5%91%8A%E8%AD%A6&Phone=%2B8613900139000&Empty=");

        assertEquals("MeterLink 告警", params.get("SignName"));
        assertEquals("+8613900139000", params.get("Phone"));
        assertEquals("", params.get("Empty"));
    }

    @Test
    void rpcSignatureMatchesAlibabasPublishedExample() {
        // The DescribeRegions example from Alibaba's RPC signature documentation (secret "testsecret").
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Version", "2014-05-26");
        params.put("Timestamp", "2016-02-23T12:46:24Z");
        params.put("SignatureVersion", "1.0");
        params.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("Format", "XML");
        params.put("Action", "DescribeRegions");
        params.put("AccessKeyId", "testid");

        String stringToSign = RpcSignature.stringToSign("GET", params);

        assertEquals("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
                + "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
                + "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
                stringToSign);
        assertEquals("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", RpcSignature.sign("testsecret", stringToSign));
        assertTrue(RpcSignature.matches("testsecret", stringToSign, "OLeaidS1JvxuMvnyHOwuJ+uX5qY="));
        assertFalse(RpcSignature.matches("testsecret2", stringToSign, "OLeaidS1JvxuMvnyHOwuJ+uX5qY="));
    }

    @Test
    void rpcStringToSignLeavesTheSignatureItselfOut() {
        Map<String, String> withSignature = new LinkedHashMap<>(Map.of("Action", "Pub", "Signature", "abc"));

        assertEquals(RpcSignature.stringToSign("POST", Map.of("Action", "Pub")),
                RpcSignature.stringToSign("POST", withSignature));
    }

    @Test
    void acs3CanonicalRequestLayout() {
        Map<String, String> headers = Map.of(
                "host", "127.0.0.1:8080",
                "x-acs-action", "SendSms",
                "x-acs-date", "2026-11-25T22:28:50Z",
                "user-agent", "not signed");

        String canonical = Acs3Signature.canonicalRequest("POST", "/",
                Map.of("SignName", "a b", "PhoneNumbers", "+86139"), headers,
                List.of("x-acs-date", "host", "x-acs-action"), Acs3Signature.sha256Hex(new byte[0]));

        assertEquals("POST\n/\nPhoneNumbers=%2B86139&SignName=a%20b\n"
                + "host:127.0.0.1:8080\nx-acs-action:SendSms\nx-acs-date:2026-11-25T22:28:50Z\n\n"
                + "host;x-acs-action;x-acs-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonical);
    }

    @Test
    void acs3SignatureIsHexHmacSha256OfTheHashedCanonicalRequest() {
        String stringToSign = Acs3Signature.stringToSign("canonical");

        assertEquals("ACS3-HMAC-SHA256\n" + Acs3Signature.sha256Hex("canonical".getBytes(StandardCharsets.UTF_8)),
                stringToSign);
        String signature = Acs3Signature.sign("secret", stringToSign);
        assertTrue(signature.matches("[0-9a-f]{64}"));
        assertTrue(Acs3Signature.matches("secret", stringToSign, signature.toUpperCase()));
        assertFalse(Acs3Signature.matches("other", stringToSign, signature));
    }

    @Test
    void acs3AuthorizationHeaderParsing() {
        var parsed = Acs3Signature.Authorization.parse(
                "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;X-Acs-Date,Signature=00ff").orElseThrow();

        assertEquals("AK", parsed.accessKeyId());
        assertEquals(List.of("host", "x-acs-date"), parsed.signedHeaders());
        assertEquals("00ff", parsed.signature());
        assertTrue(Acs3Signature.Authorization.parse("ACS3-HMAC-SHA256 Credential=AK,Signature=00").isEmpty());
        assertTrue(Acs3Signature.Authorization.parse("ACS3-HMAC-SM3 Credential=AK,SignedHeaders=host,Signature=00").isEmpty());
        assertTrue(Acs3Signature.Authorization.parse("acs AK:signature").isEmpty());
    }
}
