package io.meterlink.domain.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sign method names as devices and SDKs spell them, and the shared HMAC/compare primitives. */
class SignMethodTest {

    @Test
    void parsesIgnoringCase() {
        assertEquals(SignMethod.HMACSHA1, SignMethod.parse("hmacsha1"));
        assertEquals(SignMethod.HMACSHA1, SignMethod.parse("HmacSHA1"));
        assertEquals(SignMethod.HMACSHA256, SignMethod.parse("HMACSHA256"));
        assertEquals(SignMethod.HMACMD5, SignMethod.parse("hmacMD5"));
        assertEquals("hmacsha256", SignMethod.HMACSHA256.wireName());
        assertEquals("HmacSHA256", SignMethod.HMACSHA256.jcaName());
        assertEquals(Optional.empty(), SignMethod.find("sha1"));
        assertEquals(Optional.empty(), SignMethod.find(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignMethod.parse("hmacsha512"));
        assertTrue(e.getMessage().contains("hmacsha256"), e::getMessage);
    }

    @Test
    void hmacPrimitive() {
        assertEquals("FAFD82A3D602B37FB0FA8B7892F24A477F851A14", Hmac.upperHex(Hmac.compute(SignMethod.HMACSHA1, "secret",
                "clientId12345deviceNamedeviceproductKeypktimestamp789")));
        assertEquals("00FF10", Hmac.upperHex(new byte[] {0, -1, 16}));
        assertThrows(IllegalArgumentException.class, () -> Hmac.compute(SignMethod.HMACSHA1, "", "x"));
        assertThrows(IllegalArgumentException.class, () -> Hmac.compute(SignMethod.HMACSHA1, null, "x"));
        // UTF-8 key and content
        assertArrayEquals(Hmac.compute(SignMethod.HMACSHA256, "s\u00e9cret", "\u00e9"),
                Hmac.compute(SignMethod.HMACSHA256, "s\u00e9cret", "\u00e9"));
    }

    @Test
    void hexComparison() {
        byte[] mac = {(byte) 0xAB, 0x01};
        assertTrue(Hmac.matchesHex(mac, "AB01"));
        assertTrue(Hmac.matchesHex(mac, "ab01"));
        assertFalse(Hmac.matchesHex(mac, "AB02"));
        assertFalse(Hmac.matchesHex(mac, "AB0"));
        assertFalse(Hmac.matchesHex(mac, "AB011"));
        assertFalse(Hmac.matchesHex(mac, null));
        assertFalse(Hmac.matchesHex(mac, "ABO1"));
        assertFalse(Hmac.matchesHex(new byte[] {0x00}, "\uff10\uff10")); // full-width zeros are not hex
        assertTrue(Hmac.matchesText("abc=", "abc="));
        assertFalse(Hmac.matchesText("abc=", "ABC="));
        assertFalse(Hmac.matchesText("abc=", null));
    }
}
