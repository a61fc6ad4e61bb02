package io.meterlink.domain.signing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Alibaba's {@code <id>|key=value,key=value|} convention, used by the MQTT clientId and the AMQP
 * userName alike, split once here so both verifiers read it the same way.
 *
 * @param id      the part before the first {@code |}
 * @param params  the key/value pairs in order; unknown keys are kept (SDKs add their own)
 * @param problem why the text is malformed, or {@code null} when {@code id}/{@code params} are set
 */
record ExtendedClientId(String id, Map<String, String> params, String problem) {

    /** Longest id part Alibaba allows in a clientId. */
    static final int MAX_ID_LENGTH = 64;

    static ExtendedClientId parse(String text) {
        if (text == null || text.isEmpty()) {
            return malformed("empty");
        }
        int open = text.indexOf('|');
        int close = text.length() - 1;
        if (open < 0 || text.charAt(close) != '|' || open == close) {
            return malformed("'" + text + "' is not <id>|key=value,...|");
        }
        if (text.indexOf('|', open + 1) != close) {
            return malformed("'" + text + "' has more than two '|'");
        }
        String id = text.substring(0, open);
        String idProblem = idProblem(id);
        if (idProblem != null) {
            return malformed(idProblem);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (open + 1 < close) {
            int start = open + 1;
            while (true) {
                int end = text.indexOf(',', start);
                if (end < 0 || end > close) {
                    end = close;
                }
                int eq = text.indexOf('=', start);
                if (eq <= start || eq >= end) {
                    return malformed("parameter '" + text.substring(start, end) + "' is not key=value");
                }
                if (params.put(text.substring(start, eq), text.substring(eq + 1, end)) != null) {
                    return malformed("parameter '" + text.substring(start, eq) + "' appears twice");
                }
                if (end == close) {
                    break;
                }
                start = end + 1;
            }
        }
        return new ExtendedClientId(id, Collections.unmodifiableMap(params), null);
    }

    /**
     * Why {@code id} cannot be the id part: it must be 1-64 visible ASCII characters other than
     * the separators {@code | , =} so the composed string parses back unambiguously.
     */
    static String idProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "client id is empty";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "client id is " + id.length() + " characters, max " + MAX_ID_LENGTH;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c > 0x7E || c == '|' || c == ',' || c == '=') {
                return "client id '" + id + "' may only contain visible ASCII other than | , =";
            }
        }
        return null;
    }

    /** Why {@code value} cannot be a parameter value: it would break the key=value list. */
    static String valueProblem(String name, String value) {
        if (value == null) {
            return name + " is missing";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c > 0x7E || c == '|' || c == ',' || c == '=') {
                return name + " '" + value + "' may only contain visible ASCII other than | , =";
            }
        }
        return null;
    }

    boolean isMalformed() {
        return problem != null;
    }

    /**
     * Decimal milliseconds as sent by clients; -1 when not 1-18 ASCII digits (so no overflow).
     */
    static long timestamp(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static ExtendedClientId malformed(String problem) {
        return new ExtendedClientId(null, Map.of(), problem);
    }
}
