package io.meterlink.domain.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one HMAC primitive behind device and AMQP signatures, plus the constant-time comparisons
 * that verification needs so response timing does not leak how much of a signature matched.
 */
public final class Hmac {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Hmac() {
    }

    /**
     * HMAC of the UTF-8 bytes of {@code content} keyed with the UTF-8 bytes of {@code secret}.
     *
     * @throws IllegalArgumentException when {@code secret} is null or empty (JCA refuses empty keys)
     */
    public static byte[] compute(SignMethod method, String secret, String content) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("signing secret is empty");
        }
        try {
            Mac mac = Mac.getInstance(method.jcaName());
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), method.jcaName()));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Every Java runtime ships these algorithms; reaching this means a broken JDK/native image.
            throw new IllegalStateException(method.jcaName() + " is not available", e);
        }
    }

    /** Upper-case hex, the form Alibaba uses for device passwords. */
    public static String upperHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * Compares a computed MAC with a hex string from a client, ignoring hex case, in time that does
     * not depend on where they differ. Malformed hex simply does not match.
     */
    public static boolean matchesHex(byte[] expected, String providedHex) {
        if (providedHex == null || providedHex.length() != expected.length * 2) {
            return false;
        }
        byte[] provided = new byte[expected.length];
        boolean wellFormed = true;
        for (int i = 0; i < provided.length; i++) {
            int hi = hexValue(providedHex.charAt(2 * i));
            int lo = hexValue(providedHex.charAt(2 * i + 1));
            wellFormed &= hi >= 0 & lo >= 0;
            provided[i] = (byte) (hi << 4 | lo & 0xF);
        }
        return MessageDigest.isEqual(expected, provided) & wellFormed;
    }

    /** ASCII-only hex digit value, -1 otherwise ({@link Character#digit} would accept other scripts). */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Constant-time equality of two ASCII strings such as Base64 signatures. */
    public static boolean matchesText(String expected, String provided) {
        if (provided == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                provided.getBytes(StandardCharsets.UTF_8));
    }
}
