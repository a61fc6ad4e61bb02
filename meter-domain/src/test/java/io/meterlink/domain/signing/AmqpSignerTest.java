package io.meterlink.domain.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected passwords were computed independently with OpenSSL, e.g.
 * {@code printf %s 'authId=LTAI4Gabcdefg&timestamp=1700000000000' | openssl dgst -sha1 -hmac accessSecret123 -binary | base64}.
 */
class AmqpSignerTest {

    static final String AK = "LTAI4Gabcdefg";
    static final String SECRET = "accessSecret123";
    static final long TS = 1_700_000_000_000L;
    static final String SHA1_PASSWORD = "II2FGGBUF4Cs9gAnFEKtKuzDCvg=";
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Function<String, Optional<String>> SECRETS = id -> Optional.ofNullable(Map.of(AK, SECRET).get(id));
    static final String USER = "ingest-1|authMode=aksign,signMethod=hmacsha1,timestamp=1700000000000,authId=LTAI4Gabcdefg,"
            + "iotInstanceId=iot-cn-abc123,consumerGroupId=DEFAULT_GROUP|";

    static AmqpAuthResult.Denied denied(AmqpAuthResult result, AmqpAuthFailure expected) {
        AmqpAuthResult.Denied denied = assertInstanceOf(AmqpAuthResult.Denied.class, result, result::toString);
        assertEquals(expected, denied.reason(), denied::detail);
        assertFalse(result.isAccepted());
        assertFalse(denied.detail().contains(SECRET), denied::detail);
        return denied;
    }

    static AmqpAuthResult verify(String userName, String password) {
        return AmqpSigner.verify(userName, password, SECRETS, TS, WINDOW);
    }

    @ParameterizedTest
    @CsvSource({"HMACSHA1,II2FGGBUF4Cs9gAnFEKtKuzDCvg=", "HMACSHA256,a8UowitLET/Kda+0kI+1nBb53KvvJD5WBGWaPMvegsQ=",
        "HMACMD5,WKbPx9WvNZfaqvDKLlolqg=="})
    void opensslVectors(SignMethod method, String expected) {
        assertEquals("authId=LTAI4Gabcdefg&timestamp=1700000000000", AmqpSigner.signContent(AK, "1700000000000"));
        assertEquals(expected, AmqpSigner.password(method, SECRET, AK, "1700000000000"));
        AmqpCredentials c = AmqpSigner.credentials(AK, SECRET, "DEFAULT_GROUP", "", "ingest-1", method, TS);
        assertEquals(expected, c.password());
    }

    @Test
    void credentialsFormat() {
        AmqpCredentials c = AmqpSigner.credentials(AK, SECRET, "DEFAULT_GROUP", "iot-cn-abc123", "ingest-1",
                SignMethod.HMACSHA1, TS);
        assertEquals(USER, c.userName());
        assertEquals(SHA1_PASSWORD, c.password());
        assertFalse(c.toString().contains(SHA1_PASSWORD), c::toString);
        assertTrue(c.toString().contains(USER), c::toString);

        AmqpCredentials publicInstance = AmqpSigner.credentials(AK, SECRET, "g1", null, "c", SignMethod.HMACSHA256, 5);
        assertEquals("c|authMode=aksign,signMethod=hmacsha256,timestamp=5,authId=LTAI4Gabcdefg,iotInstanceId=,"
                + "consumerGroupId=g1|", publicInstance.userName());
    }

    @Test
    void credentialsRejectValuesThatBreakTheUserName() {
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials("", SECRET, "g", "", "c", SignMethod.HMACSHA1, TS));
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials(null, SECRET, "g", "", "c", SignMethod.HMACSHA1, TS));
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials("a,b", SECRET, "g", "", "c", SignMethod.HMACSHA1, TS));
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials(AK, SECRET, "", "", "c", SignMethod.HMACSHA1, TS));
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials(AK, SECRET, "g|h", "", "c", SignMethod.HMACSHA1, TS));
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials(AK, SECRET, "g", "x=y", "c", SignMethod.HMACSHA1, TS));
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials(AK, SECRET, "g", "", "c|", SignMethod.HMACSHA1, TS));
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials(AK, SECRET, "g", "", "", SignMethod.HMACSHA1, TS));
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials(AK, "", "g", "", "c", SignMethod.HMACSHA1, TS));
        assertThrows(IllegalArgumentException.class, () -> AmqpSigner.credentials(AK, SECRET, "g", "", "c", SignMethod.HMACSHA1, -1));
    }

    @Test
    void verifyAcceptsGenuineFreshLogins() {
        assertEquals(new AmqpAuthResult.Accepted("ingest-1", AK, "DEFAULT_GROUP", "iot-cn-abc123", SignMethod.HMACSHA1, TS),
                verify(USER, SHA1_PASSWORD));
        for (SignMethod m : SignMethod.values()) {
            AmqpCredentials c = AmqpSigner.credentials(AK, SECRET, "g1", "", "c1", m, TS - WINDOW.toMillis());
            AmqpAuthResult result = verify(c.userName(), c.password());
            assertEquals(new AmqpAuthResult.Accepted("c1", AK, "g1", "", m, TS - WINDOW.toMillis()), result);
        }
        // iotInstanceId may be left out entirely; it then reads as empty
        String noInstance = "c|authMode=aksign,signMethod=hmacsha1,timestamp=1700000000000,authId=LTAI4Gabcdefg,"
                + "consumerGroupId=g|";
        assertEquals("", ((AmqpAuthResult.Accepted) verify(noInstance, SHA1_PASSWORD)).iotInstanceId());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ingest-1", "ingest-1|authMode=aksign", "|authMode=aksign,signMethod=hmacsha1|",
        "c|signMethod=hmacsha1,timestamp=1700000000000,authId=LTAI4Gabcdefg,consumerGroupId=g|",
        "c|authMode=aksign,timestamp=1700000000000,authId=LTAI4Gabcdefg,consumerGroupId=g|",
        "c|authMode=aksign,signMethod=hmacsha1,authId=LTAI4Gabcdefg,consumerGroupId=g|",
        "c|authMode=aksign,signMethod=hmacsha1,timestamp=1700000000000,consumerGroupId=g|",
        "c|authMode=aksign,signMethod=hmacsha1,timestamp=1700000000000,authId=LTAI4Gabcdefg|",
        "c|authMode=aksign,signMethod=hmacsha1,timestamp=1700000000000,authId=,consumerGroupId=g|",
        "c|authMode=aksign,signMethod=hmacsha1,timestamp=17e11,authId=LTAI4Gabcdefg,consumerGroupId=g|",
        "c|authMode=aksign,authMode=aksign,signMethod=hmacsha1,timestamp=1,authId=a,consumerGroupId=g|",
        "c|authMode=aksign,signMethod=hmacsha1,timestamp=1700000000000,authId=LTAI4Gabcdefg,consumerGroupId=g,|"})
    void malformed(String userName) {
        denied(verify(userName, SHA1_PASSWORD), AmqpAuthFailure.MALFORMED);
    }

    @Test
    void unsupportedAuthModeAndSignMethod() {
        denied(verify(USER.replace("authMode=aksign", "authMode=sts"), SHA1_PASSWORD), AmqpAuthFailure.UNSUPPORTED_AUTH_MODE);
        denied(verify(USER.replace("authMode=aksign", "authMode=AKSIGN"), SHA1_PASSWORD), AmqpAuthFailure.UNSUPPORTED_AUTH_MODE);
        denied(verify(USER.replace("hmacsha1", "hmacsha512"), SHA1_PASSWORD), AmqpAuthFailure.UNKNOWN_SIGN_METHOD);
    }

    @Test
    void timestampOutsideWindow() {
        long window = WINDOW.toMillis();
        assertTrue(AmqpSigner.verify(USER, SHA1_PASSWORD, SECRETS, TS + window, WINDOW).isAccepted());
        assertTrue(AmqpSigner.verify(USER, SHA1_PASSWORD, SECRETS, TS - window, WINDOW).isAccepted());
        denied(AmqpSigner.verify(USER, SHA1_PASSWORD, SECRETS, TS + window + 1, WINDOW), AmqpAuthFailure.TIMESTAMP_OUT_OF_WINDOW);
        denied(AmqpSigner.verify(USER, SHA1_PASSWORD, SECRETS, TS - window - 1, WINDOW), AmqpAuthFailure.TIMESTAMP_OUT_OF_WINDOW);
    }

    @Test
    void unknownAccessKey() {
        denied(verify(USER.replace("authId=LTAI4Gabcdefg", "authId=LTAIother"), SHA1_PASSWORD),
                AmqpAuthFailure.UNKNOWN_ACCESS_KEY);
        denied(AmqpSigner.verify(USER, SHA1_PASSWORD, id -> Optional.empty(), TS, WINDOW), AmqpAuthFailure.UNKNOWN_ACCESS_KEY);
    }

    @Test
    void badSignature() {
        denied(verify(USER, "II2FGGBUF4Cs9gAnFEKtKuzDCvh="), AmqpAuthFailure.BAD_SIGNATURE);
        denied(verify(USER, SHA1_PASSWORD.toLowerCase()), AmqpAuthFailure.BAD_SIGNATURE);
        denied(verify(USER, null), AmqpAuthFailure.BAD_SIGNATURE);
        denied(verify(USER, ""), AmqpAuthFailure.BAD_SIGNATURE);
        denied(verify(USER.replace("1700000000000", "1700000000001"), SHA1_PASSWORD), AmqpAuthFailure.BAD_SIGNATURE);
        denied(verify(USER.replace("hmacsha1", "hmacsha256"), SHA1_PASSWORD), AmqpAuthFailure.BAD_SIGNATURE);
        denied(AmqpSigner.verify(USER, SHA1_PASSWORD, id -> Optional.of("other"), TS, WINDOW), AmqpAuthFailure.BAD_SIGNATURE);
    }
}
