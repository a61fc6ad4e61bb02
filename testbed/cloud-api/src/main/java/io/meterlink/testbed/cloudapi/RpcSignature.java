package io.meterlink.testbed.cloudapi;

import io.meterlink.domain.signing.Hmac;
import io.meterlink.domain.signing.SignMethod;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Alibaba's RPC-style signature (SignatureVersion 1.0, HMAC-SHA1), as aliyun-java-sdk-core computes
 * it for {@code Pub}: every parameter except {@code Signature} — query and form body alike — sorted
 * by name, each name and value percent-encoded, joined with {@code &}; then
 * {@code StringToSign = METHOD + "&%2F&" + encode(canonicalized)} and
 * {@code Signature = Base64(HMAC-SHA1(secret + "&", StringToSign))}.
 */
final class RpcSignature {

    static final String SIGNATURE_METHOD = "HMAC-SHA1";
    static final String SIGNATURE_VERSION = "1.0";
    static final String SIGNATURE_PARAM = "Signature";

    private RpcSignature() {
    }

    static String stringToSign(String httpMethod, Map<String, String> params) {
        StringJoiner canonical = new StringJoiner("&");
        new TreeMap<>(params).forEach((name, value) -> {
            if (!SIGNATURE_PARAM.equals(name)) {
                canonical.add(PercentEncoding.encode(name) + "=" + PercentEncoding.encode(value));
            }
        });
        return httpMethod + "&" + PercentEncoding.encode("/") + "&" + PercentEncoding.encode(canonical.toString());
    }

    static String sign(String accessKeySecret, String stringToSign) {
        return Base64.getEncoder().encodeToString(Hmac.compute(SignMethod.HMACSHA1, accessKeySecret + "&", stringToSign));
    }

    /** Constant-time check of the caller's {@code Signature} against ours. */
    static boolean matches(String accessKeySecret, String stringToSign, String providedSignature) {
        return Hmac.matchesText(sign(accessKeySecret, stringToSign), providedSignature);
    }
}
