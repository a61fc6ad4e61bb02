package io.meterlink.testbed.cloudapi;

import java.util.Map;

/**
 * An HTTP request as received, before any interpretation: what signatures are computed over.
 *
 * @param path     the decoded request path
 * @param rawQuery the query string as sent (still percent-encoded), or null
 * @param headers  first value of each header, by lower-case name
 */
record RawRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    boolean isForm() {
        String type = header("content-type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}
