package io.meterlink.testbed.cloudapi;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 3986 percent-encoding as Alibaba's signatures use it (space {@code %20}, {@code *} {@code %2A},
 * {@code ~} kept), and decoding of the form/query strings the SDKs send.
 */
final class PercentEncoding {

    private PercentEncoding() {
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    /**
     * Parameters of an {@code a=b&c=d} string; {@code +} means space (the SMS SDK encodes spaces that way,
     * the IoT SDK uses {@code %20}, and both encode a literal plus as {@code %2B}). A repeated name keeps
     * its last value.
     */
    static Map<String, String> decodeForm(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
