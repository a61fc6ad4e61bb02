package io.meterlink.domain.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** MQTT device signing against Alibaba's published vector, and every way the platform refuses a CONNECT. */
class DeviceSignerTest {

    static final String SHA1 = "FAFD82A3D602B37FB0FA8B7892F24A477F851A14";
    static final String MD5 = "14B198324FE55E1D3C88F2E705E201EE";
    static final String SHA256 = "6074A46A91B1EBB2CC4EA42790AD0E80202C9843859FC292E57C4EB19FAD9E57";

    static final Function<DeviceKey, Optional<String>> SECRETS =
            key -> Optional.ofNullable(Map.of(new DeviceKey("pk", "device"), "secret").get(key));

    static DeviceAuthResult.Denied denied(DeviceAuthResult result, DeviceAuthFailure expected) {
        DeviceAuthResult.Denied denied = assertInstanceOf(DeviceAuthResult.Denied.class, result, result::toString);
        assertEquals(expected, denied.reason(), denied::detail);
        assertFalse(result.isAccepted());
        assertFalse(denied.detail().contains("secret"), denied::detail);
        return denied;
    }

    static DeviceAuthResult verify(String clientId, String username, String password) {
        return DeviceSigner.verify(clientId, username, password, SECRETS);
    }

    @Test
    void signContentIsDictionaryOrderWithoutSeparators() {
        assertEquals("clientId12345deviceNamedeviceproductKeypktimestamp789",
                DeviceSigner.signContent("12345", "device", "pk", "789"));
        assertEquals("clientId12345deviceNamedeviceproductKeypk", DeviceSigner.signContent("12345", "device", "pk", null));
    }

    @ParameterizedTest
    @CsvSource({"HMACSHA1," + SHA1, "HMACMD5," + MD5, "HMACSHA256," + SHA256})
    void publishedVectors(SignMethod method, String expected) {
        assertEquals(expected, DeviceSigner.sign(method, "secret", "12345", "device", "pk", "789"));
    }

    @Test
    void connectCredentials() {
        MqttConnectCredentials c = DeviceSigner.connect("pk", "device", "secret", "12345", SignMethod.HMACSHA1, 3, 789);
        assertEquals("12345|securemode=3,signmethod=hmacsha1,timestamp=789|", c.clientId());
        assertEquals("device&pk", c.username());
        assertEquals(SHA1, c.password());
        assertFalse(c.toString().contains(SHA1), c::toString);

        MqttConnectCredentials tls = DeviceSigner.connect("pk", "device", "secret", "12345", SignMethod.HMACSHA256, 2, 789);
        assertEquals("12345|securemode=2,signmethod=hmacsha256,timestamp=789|", tls.clientId());
        assertEquals(SHA256, tls.password());
    }

    @Test
    void connectRejectsValuesThePlatformWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> DeviceSigner.connect("p-k", "device", "s", "c", SignMethod.HMACSHA1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> DeviceSigner.connect("pk", "dev", "s", "c", SignMethod.HMACSHA1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> DeviceSigner.connect("pk", "device", "s", "a|b", SignMethod.HMACSHA1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> DeviceSigner.connect("pk", "device", "s", "", SignMethod.HMACSHA1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> DeviceSigner.connect("pk", "device", "s", "c".repeat(65), SignMethod.HMACSHA1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> DeviceSigner.connect("pk", "device", "s", "c", SignMethod.HMACSHA1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> DeviceSigner.connect("pk", "device", "s", "c", SignMethod.HMACSHA1, 3, -1));
        assertThrows(IllegalArgumentException.class, () -> DeviceSigner.connect("pk", "device", "", "c", SignMethod.HMACSHA1, 3, 1));
        DeviceSigner.connect("pk", "device", "s", "c".repeat(64), SignMethod.HMACSHA1, 3, 1);
    }

    @ParameterizedTest
    @EnumSource(SignMethod.class)
    void verifyAcceptsWhatConnectProduces(SignMethod method) {
        MqttConnectCredentials c = DeviceSigner.connect("pk", "device", "secret", "12345", method, 3, 1_700_000_000_000L);
        DeviceAuthResult result = verify(c.clientId(), c.username(), c.password());
        assertTrue(result.isAccepted(), result::toString);
        assertEquals(new DeviceAuthResult.Accepted("pk", "device", "12345", 3, method, OptionalLong.of(1_700_000_000_000L)),
                result);
        assertTrue(verify(c.clientId(), c.username(), c.password().toLowerCase(Locale.ROOT)).isAccepted());
    }

    @Test
    void verifyToleratesSdkParametersAndMissingTimestamp() {
        assertTrue(verify("12345|securemode=2,signmethod=HmacSHA1,timestamp=789,_v=sdk-c-4.0,lan=C|", "device&pk", SHA1)
                .isAccepted());
        String noTimestamp = DeviceSigner.sign(SignMethod.HMACMD5, "secret", "12345", "device", "pk", null);
        DeviceAuthResult result = verify("12345|securemode=3,signmethod=hmacmd5|", "device&pk", noTimestamp);
        assertEquals(new DeviceAuthResult.Accepted("pk", "device", "12345", 3, SignMethod.HMACMD5, OptionalLong.empty()),
                result);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12345", "12345|securemode=3,signmethod=hmacsha1,timestamp=789",
        "|securemode=3,signmethod=hmacsha1,timestamp=789|", "12345|securemode=3|signmethod=hmacsha1|",
        "12345||", "12345|signmethod=hmacsha1,timestamp=789|", "12345|securemode=3,timestamp=789|",
        "12345|securemode=3,signmethod=hmacsha1,timestamp=789,|", "12345|,securemode=3,signmethod=hmacsha1|",
        "12345|securemode,signmethod=hmacsha1|", "12345|securemode=3,securemode=3,signmethod=hmacsha1|",
        "12345|securemode=3,signmethod=hmacsha1,=1|", "12345|securemode=3,signmethod=hmacsha1,timestamp=abc|",
        "12345|securemode=3,signmethod=hmacsha1,timestamp=-1|", "12345|securemode=3,signmethod=hmacsha1,timestamp=|",
        "12 45|securemode=3,signmethod=hmacsha1|", "a,b|securemode=3,signmethod=hmacsha1|",
        "12345|securemode=3,signmethod=hmacsha1,timestamp=1234567890123456789|"})
    void malformedClientId(String clientId) {
        denied(verify(clientId, "device&pk", SHA1), DeviceAuthFailure.MALFORMED_CLIENT_ID);
    }

    @Test
    void clientIdPartIsAtMost64Characters() {
        String id64 = "c".repeat(64);
        String ok = DeviceSigner.sign(SignMethod.HMACSHA1, "secret", id64, "device", "pk", "1");
        assertTrue(verify(id64 + "|securemode=3,signmethod=hmacsha1,timestamp=1|", "device&pk", ok).isAccepted());
        denied(verify("c" + id64 + "|securemode=3,signmethod=hmacsha1,timestamp=1|", "device&pk", ok),
                DeviceAuthFailure.MALFORMED_CLIENT_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "4", "-1", "x", "", "03", " 3"})
    void unsupportedSecuremode(String mode) {
        denied(verify("12345|securemode=" + mode + ",signmethod=hmacsha1,timestamp=789|", "device&pk", SHA1),
                DeviceAuthFailure.UNSUPPORTED_SECUREMODE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmacsha512", "sha1", "", "hmac-sha1"})
    void unknownSignMethod(String method) {
        denied(verify("12345|securemode=3,signmethod=" + method + ",timestamp=789|", "device&pk", SHA1),
                DeviceAuthFailure.UNKNOWN_SIGN_METHOD);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"device", "device&", "&pk", "device&pk&x", "pk&device", "dev&pk", "device&p-k", "device pk"})
    void malformedUsername(String username) {
        denied(verify("12345|securemode=3,signmethod=hmacsha1,timestamp=789|", username, SHA1),
                DeviceAuthFailure.MALFORMED_USERNAME);
    }

    @Test
    void unknownDevice() {
        denied(verify("12345|securemode=3,signmethod=hmacsha1,timestamp=789|", "device2&pk", SHA1),
                DeviceAuthFailure.UNKNOWN_DEVICE);
        denied(DeviceSigner.verify("12345|securemode=3,signmethod=hmacsha1,timestamp=789|", "device&pk", SHA1,
                key -> Optional.of("")), DeviceAuthFailure.UNKNOWN_DEVICE);
    }

    @Test
    void badSignature() {
        String clientId = "12345|securemode=3,signmethod=hmacsha1,timestamp=789|";
        denied(verify(clientId, "device&pk", MD5), DeviceAuthFailure.BAD_SIGNATURE);
        denied(verify(clientId, "device&pk", null), DeviceAuthFailure.BAD_SIGNATURE);
        denied(verify(clientId, "device&pk", ""), DeviceAuthFailure.BAD_SIGNATURE);
        denied(verify(clientId, "device&pk", SHA1 + "0"), DeviceAuthFailure.BAD_SIGNATURE);
        denied(verify(clientId, "device&pk", "G" + SHA1.substring(1)), DeviceAuthFailure.BAD_SIGNATURE);
        denied(verify(clientId.replace("789", "790"), "device&pk", SHA1), DeviceAuthFailure.BAD_SIGNATURE);
        denied(verify(clientId.replace("hmacsha1", "hmacmd5"), "device&pk", SHA1), DeviceAuthFailure.BAD_SIGNATURE);
        denied(verify("12346|securemode=3,signmethod=hmacsha1,timestamp=789|", "device&pk", SHA1),
                DeviceAuthFailure.BAD_SIGNATURE);
        denied(DeviceSigner.verify(clientId, "device&pk", SHA1, key -> Optional.of("other")), DeviceAuthFailure.BAD_SIGNATURE);
    }

    @Test
    void failureCodesAreStable() {
        assertEquals("malformed_client_id", DeviceAuthFailure.MALFORMED_CLIENT_ID.code());
        assertEquals("bad_signature", DeviceAuthFailure.BAD_SIGNATURE.code());
    }
}
