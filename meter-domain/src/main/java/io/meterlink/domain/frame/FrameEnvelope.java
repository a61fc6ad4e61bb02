package io.meterlink.domain.frame;

import java.nio.charset.StandardCharsets;

/**
 * The checks every frame kind shares before its fields are looked at (present, short enough,
 * printable ASCII), kept in one place so data and command frames reject garbage identically.
 */
final class FrameEnvelope {

    /** Upper bound for any frame; larger payloads are not worth scanning further. */
    static final int MAX_FRAME_BYTES = 256;

    /** Quoted field text is cut here so a rejection detail stays a reasonable DB value. */
    private static final int MAX_QUOTED = 40;

    private FrameEnvelope() {
    }

    /** The first envelope problem, or {@code null} when the payload may be split into fields. */
    static FrameRejection check(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return FrameRejection.of(RejectionReason.EMPTY, "frame is empty");
        }
        if (payload.length > MAX_FRAME_BYTES) {
            return FrameRejection.of(RejectionReason.TOO_LONG,
                    "frame is " + payload.length + " bytes, max " + MAX_FRAME_BYTES);
        }
        for (int i = 0; i < payload.length; i++) {
            int b = payload[i];
            if (b < 0x20 || b > 0x7E) {
                return FrameRejection.of(RejectionReason.NOT_ASCII,
                        "byte 0x" + hex2(b & 0xFF) + " at offset " + i + " is not printable ASCII");
            }
        }
        return null;
    }

    /**
     * Turns text into frame bytes, or reports the envelope problem. Text that is entirely printable
     * ASCII maps one char to one byte; anything else is judged on its UTF-8 size so that
     * {@code parse(String)} and {@code parse(byte[])} agree on what is too long.
     *
     * @return a {@code byte[]} or a {@link FrameRejection}
     */
    static Object bytesOf(String payload) {
        if (payload == null || payload.isEmpty()) {
            return FrameRejection.of(RejectionReason.EMPTY, "frame is empty");
        }
        int n = payload.length();
        int firstBad = -1;
        for (int i = 0; i < n; i++) {
            char c = payload.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                firstBad = i;
                break;
            }
        }
        int bytes = firstBad < 0 ? n : utf8Length(payload);
        if (bytes > MAX_FRAME_BYTES) {
            return FrameRejection.of(RejectionReason.TOO_LONG, "frame is " + bytes + " bytes, max " + MAX_FRAME_BYTES);
        }
        if (firstBad >= 0) {
            return FrameRejection.of(RejectionReason.NOT_ASCII, "character U+" + hex4(payload.charAt(firstBad))
                    + " at index " + firstBad + " is not printable ASCII");
        }
        return payload.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Size of {@code s} encoded as by {@code getBytes(UTF_8)}, without allocating the bytes. */
    private static int utf8Length(String s) {
        int len = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                len += 1;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                len += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                len += 1; // an unpaired surrogate is encoded as '?'
            } else {
                len += 3;
            }
        }
        return len;
    }

    /** Index of the next comma at or after {@code from}, or {@code end}. */
    static int nextComma(byte[] p, int from, int end) {
        int i = from;
        while (i < end && p[i] != ',') {
            i++;
        }
        return i;
    }

    static int countFields(byte[] p) {
        int fields = 1;
        for (byte b : p) {
            if (b == ',') {
                fields++;
            }
        }
        return fields;
    }

    /** The field text in single quotes, shortened; only called on the rejection path. */
    static String quote(byte[] p, int from, int to) {
        int len = to - from;
        if (len <= MAX_QUOTED) {
            return "'" + new String(p, from, len, StandardCharsets.ISO_8859_1) + "'";
        }
        return "'" + new String(p, from, MAX_QUOTED, StandardCharsets.ISO_8859_1) + "...' (" + len + " chars)";
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean isUpper(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    static boolean isAlphanumeric(byte b) {
        return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z';
    }

    /**
     * Decimal value of {@code p[from..to)} if it is 1..{@code maxDigits} digits, else -1, so the
     * caller decides which rejection to build without any exception.
     */
    static int decimal(byte[] p, int from, int to, int maxDigits) {
        int len = to - from;
        if (len < 1 || len > maxDigits) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            byte b = p[i];
            if (!isDigit(b)) {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    private static String hex2(int v) {
        String s = Integer.toHexString(v);
        return s.length() == 1 ? "0" + s : s;
    }

    private static String hex4(char c) {
        String s = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(4 - s.length()) + s;
    }
}
