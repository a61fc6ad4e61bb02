package io.meterlink.testbed.cloudapi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates a request the way Alibaba's OpenAPI gateway does, for both signature styles the SDKs
 * use: RPC ({@code Signature} parameter, HMAC-SHA1; aliyun-java-sdk-core) and V3
 * ({@code Authorization: ACS3-HMAC-SHA256}; the tea SDKs). Checks, in order: required parameters,
 * timestamp format and window, AccessKey ID, signature, nonce. The nonce is claimed only once the
 * signature is valid, so garbage cannot burn a legitimate caller's nonce.
 */
final class RequestVerifier {

    private final CloudApiSettings settings;
    private final NonceRegistry nonces = new NonceRegistry();

    RequestVerifier(CloudApiSettings settings) {
        this.settings = settings;
    }

    VerifiedCall verify(RawRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null && authorization.startsWith("ACS3-")) {
            return verifyAcs3(request, authorization);
        }
        return verifyRpc(request);
    }

    private VerifiedCall verifyRpc(RawRequest request) {
        Map<String, String> params = params(request);
        String action = required(params, "Action");
        String version = required(params, "Version");
        String accessKeyId = required(params, "AccessKeyId");
        String signature = required(params, RpcSignature.SIGNATURE_PARAM);
        String method = required(params, "SignatureMethod");
        String signatureVersion = required(params, "SignatureVersion");
        String nonce = required(params, "SignatureNonce");
        String timestamp = required(params, "Timestamp");
        if (!RpcSignature.SIGNATURE_METHOD.equals(method)) {
            throw new ApiErrorException(ApiError.gateway("IncompleteSignature",
                    "SignatureMethod '" + method + "' is not supported, use " + RpcSignature.SIGNATURE_METHOD + "."));
        }
        if (!RpcSignature.SIGNATURE_VERSION.equals(signatureVersion)) {
            throw new ApiErrorException(ApiError.gateway("IncompleteSignature",
                    "SignatureVersion '" + signatureVersion + "' is not supported, use " + RpcSignature.SIGNATURE_VERSION + "."));
        }
        Instant signedAt = checkTimestamp(timestamp);
        String secret = secretOf(accessKeyId);
        String stringToSign = RpcSignature.stringToSign(request.method(), params);
        if (!RpcSignature.matches(secret, stringToSign, signature)) {
            // Alibaba appends its string-to-sign; aliyun-java-sdk-core compares it with its own and,
            // when equal, reports SDK.InvalidAccessKeySecret instead (right request, wrong secret).
            throw new ApiErrorException(ApiError.gateway("SignatureDoesNotMatch", "server string to sign is:" + stringToSign));
        }
        claimNonce(accessKeyId, nonce, signedAt);
        return new VerifiedCall(action, version, accessKeyId, params);
    }

    private VerifiedCall verifyAcs3(RawRequest request, String authorizationHeader) {
        Acs3Signature.Authorization authorization = Acs3Signature.Authorization.parse(authorizationHeader)
                .orElseThrow(() -> new ApiErrorException(ApiError.gateway("IncompleteSignature",
                        "Authorization must be '" + Acs3Signature.ALGORITHM
                                + " Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>'.")));
        String action = request.header("x-acs-action");
        if (action == null || action.isEmpty()) {
            throw new ApiErrorException(ApiError.missing("Action"));
        }
        String version = request.header("x-acs-version");
        if (version == null || version.isEmpty()) {
            throw new ApiErrorException(ApiError.missing("Version"));
        }
        String date = signatureHeader(request, "x-acs-date");
        String nonce = signatureHeader(request, "x-acs-signature-nonce");
        signatureHeader(request, "x-acs-content-sha256");
        signatureHeader(request, "host");
        Set<String> mustBeSigned = new HashSet<>();
        mustBeSigned.add("host");
        request.headers().keySet().stream().filter(name -> name.startsWith("x-acs-")).forEach(mustBeSigned::add);
        mustBeSigned.removeAll(authorization.signedHeaders());
        if (!mustBeSigned.isEmpty()) {
            throw new ApiErrorException(ApiError.gateway("IncompleteSignature",
                    "Headers " + mustBeSigned + " must be listed in SignedHeaders."));
        }
        Instant signedAt = checkTimestamp(date);
        String secret = secretOf(authorization.accessKeyId());
        Map<String, String> query = PercentEncoding.decodeForm(request.rawQuery());
        String canonicalRequest = Acs3Signature.canonicalRequest(request.method(), request.path(), query,
                request.headers(), authorization.signedHeaders(), Acs3Signature.sha256Hex(request.body()));
        String stringToSign = Acs3Signature.stringToSign(canonicalRequest);
        if (!Acs3Signature.matches(secret, stringToSign, authorization.signature())) {
            throw new ApiErrorException(ApiError.gateway("SignatureDoesNotMatch",
                    "server string to sign is:" + stringToSign));
        }
        claimNonce(authorization.accessKeyId(), nonce, signedAt);
        return new VerifiedCall(action, version, authorization.accessKeyId(), params(request));
    }

    /** Query parameters, plus form-body parameters for {@code application/x-www-form-urlencoded} bodies. */
    private static Map<String, String> params(RawRequest request) {
        try {
            Map<String, String> params = new LinkedHashMap<>(PercentEncoding.decodeForm(request.rawQuery()));
            if (request.isForm()) {
                params.putAll(PercentEncoding.decodeForm(new String(request.body(), StandardCharsets.UTF_8)));
            }
            return params;
        } catch (IllegalArgumentException e) {
            throw new ApiErrorException(ApiError.gateway("InvalidParameter", "Malformed percent-encoding: " + e.getMessage()));
        }
    }

    private static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw new ApiErrorException(ApiError.missing(name));
        }
        return value;
    }

    /** A header the V3 signature cannot do without; its absence makes the signature incomplete. */
    private static String signatureHeader(RawRequest request, String header) {
        String value = request.header(header);
        if (value == null || value.isEmpty()) {
            throw new ApiErrorException(ApiError.gateway("IncompleteSignature", "Header " + header + " is missing."));
        }
        return value;
    }

    /** Parses an ISO-8601 UTC time ({@code 2026-11-25T22:28:49Z}) and checks it is within the window. */
    private Instant checkTimestamp(String value) {
        Instant signedAt;
        try {
            signedAt = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiErrorException(ApiError.gateway("InvalidTimeStamp.Format",
                    "'" + value + "' is not yyyy-MM-ddTHH:mm:ssZ."));
        }
        Instant now = settings.clock().instant();
        Duration skew = Duration.between(signedAt, now).abs();
        if (skew.compareTo(settings.timestampWindow()) > 0) {
            throw new ApiErrorException(ApiError.gateway("InvalidTimeStamp.Expired",
                    "Request time " + signedAt + " is " + skew.toSeconds() + " s from server time " + now
                            + "; allowed " + settings.timestampWindow().toSeconds() + " s."));
        }
        return signedAt;
    }

    private String secretOf(String accessKeyId) {
        String secret = settings.accessKeys().get(accessKeyId);
        if (secret == null) {
            throw new ApiErrorException(ApiError.gateway("InvalidAccessKeyId.NotFound"));
        }
        return secret;
    }

    private void claimNonce(String accessKeyId, String nonce, Instant signedAt) {
        Instant now = settings.clock().instant();
        if (!nonces.claim(accessKeyId, nonce, signedAt.plus(settings.timestampWindow()), now)) {
            throw new ApiErrorException(ApiError.gateway("SignatureNonceUsed"));
        }
    }
}
