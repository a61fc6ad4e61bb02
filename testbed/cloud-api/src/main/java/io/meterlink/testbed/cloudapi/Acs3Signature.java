package io.meterlink.testbed.cloudapi;

import io.meterlink.domain.signing.Hmac;
import io.meterlink.domain.signing.SignMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Alibaba's V3 signature ({@code ACS3-HMAC-SHA256}), as the tea SDKs (dysmsapi20170525) compute it:
 * <pre>
 * CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 * StringToSign     = "ACS3-HMAC-SHA256" \n hex(sha256(CanonicalRequest))
 * Signature        = hex(HMAC-SHA256(secret, StringToSign))
 * </pre>
 * CanonicalQueryString: parameters sorted by name, name and value percent-encoded; CanonicalHeaders:
 * each signed header as {@code lower-name:trimmed-value\n}, in the order of {@code SignedHeaders}
 * (lower-case, sorted, {@code ;}-separated); HashedPayload: hex(sha256(body)).
 */
final class Acs3Signature {

    static final String ALGORITHM = "ACS3-HMAC-SHA256";

    private Acs3Signature() {
    }

    /** The parts of {@code Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…}. */
    record Authorization(String accessKeyId, List<String> signedHeaders, String signature) {

        /** Parsed header, or empty when it is not a well-formed ACS3-HMAC-SHA256 authorization. */
        static Optional<Authorization> parse(String header) {
            if (header == null || !header.startsWith(ALGORITHM + " ")) {
                return Optional.empty();
            }
            String credential = null;
            String signedHeaders = null;
            String signature = null;
            for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    return Optional.empty();
                }
                String name = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                switch (name) {
                    case "Credential" -> credential = value;
                    case "SignedHeaders" -> signedHeaders = value;
                    case "Signature" -> signature = value;
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            if (credential == null || credential.isEmpty() || signedHeaders == null || signedHeaders.isEmpty()
                    || signature == null || signature.isEmpty()) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            for (String name : signedHeaders.split(";")) {
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
            return Optional.of(new Authorization(credential, List.copyOf(names), signature));
        }
    }

    /**
     * @param headers request headers by lower-case name (first value)
     */
    static String canonicalRequest(String httpMethod, String path, Map<String, String> queryParams,
            Map<String, String> headers, List<String> signedHeaders, String hashedPayload) {
        StringJoiner query = new StringJoiner("&");
        new TreeMap<>(queryParams).forEach((name, value) ->
                query.add(PercentEncoding.encode(name) + "=" + PercentEncoding.encode(value)));
        List<String> sortedNames = signedHeaders.stream().sorted().toList();
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : sortedNames) {
            String value = headers.getOrDefault(name, "");
            canonicalHeaders.append(name).append(':').append(value.trim()).append('\n');
        }
        return httpMethod + '\n'
                + canonicalUri(path) + '\n'
                + query + '\n'
                + canonicalHeaders + '\n'
                + String.join(";", sortedNames) + '\n'
                + hashedPayload;
    }

    static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    static String sign(String accessKeySecret, String stringToSign) {
        return HexFormat.of().formatHex(Hmac.compute(SignMethod.HMACSHA256, accessKeySecret, stringToSign));
    }

    /** Constant-time check of the caller's hex signature against ours (hex case ignored). */
    static boolean matches(String accessKeySecret, String stringToSign, String providedSignature) {
        return Hmac.matchesHex(Hmac.compute(SignMethod.HMACSHA256, accessKeySecret, stringToSign), providedSignature);
    }

    static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Path segments percent-encoded, separators kept; an empty path is {@code /}. */
    private static String canonicalUri(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return PercentEncoding.encode(path).replace("%2F", "/");
    }
}
