package io.meterlink.domain.signing;

import io.meterlink.domain.signing.AmqpAuthResult.Accepted;
import io.meterlink.domain.signing.AmqpAuthResult.Denied;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Alibaba Cloud IoT Platform AMQP server-side subscription login ({@code authMode=aksign}). The
 * ingest service uses {@link #credentials} to connect; the testbed AMQP broker uses {@link #verify}
 * to stand in for the platform.
 *
 * <p>userName: {@code <clientId>|authMode=aksign,signMethod=<m>,timestamp=<ms>,authId=<accessKeyId>,
 * iotInstanceId=<id>,consumerGroupId=<group>|}; password: Base64 of the HMAC of
 * {@code authId=<accessKeyId>&timestamp=<ms>} keyed with the AccessKey secret.
 */
public final class AmqpSigner {

    public static final String AUTH_MODE = "aksign";

    private AmqpSigner() {
    }

    /**
     * Login credentials for a consumer group.
     *
     * @param iotInstanceId the Enterprise instance id, or empty/{@code null} for a public instance
     * @param clientId      1-64 visible ASCII characters without {@code | , =}, unique per connection
     * @throws IllegalArgumentException when a value is empty where required, contains a separator,
     *                                  or the secret is empty
     */
    public static AmqpCredentials credentials(String accessKeyId, String accessKeySecret, String consumerGroupId,
            String iotInstanceId, String clientId, SignMethod method, long timestampMs) {
        Objects.requireNonNull(method, "method");
        String instance = iotInstanceId == null ? "" : iotInstanceId;
        require(ExtendedClientId.idProblem(clientId));
        require(nonEmptyValueProblem("accessKeyId", accessKeyId));
        require(nonEmptyValueProblem("consumerGroupId", consumerGroupId));
        require(ExtendedClientId.valueProblem("iotInstanceId", instance));
        if (timestampMs < 0) {
            throw new IllegalArgumentException("timestamp " + timestampMs + " is negative");
        }
        String timestamp = Long.toString(timestampMs);
        String userName = clientId + "|authMode=" + AUTH_MODE + ",signMethod=" + method.wireName()
                + ",timestamp=" + timestamp + ",authId=" + accessKeyId + ",iotInstanceId=" + instance
                + ",consumerGroupId=" + consumerGroupId + "|";
        return new AmqpCredentials(userName, password(method, accessKeySecret, accessKeyId, timestamp));
    }

    /** Base64 HMAC of {@code authId=<accessKeyId>&timestamp=<timestamp>}. */
    public static String password(SignMethod method, String accessKeySecret, String accessKeyId, String timestamp) {
        return Base64.getEncoder().encodeToString(
                Hmac.compute(method, accessKeySecret, signContent(accessKeyId, timestamp)));
    }

    /** The string that is signed. */
    public static String signContent(String accessKeyId, String timestamp) {
        return "authId=" + accessKeyId + "&timestamp=" + timestamp;
    }

    /**
     * Checks a login the way the platform does, including that the timestamp is within
     * {@code freshnessWindow} of {@code nowMs} in either direction (limits replay of captured
     * credentials). Never throws for any input strings.
     *
     * @param secretByAccessKeyId the AccessKey secret, empty when the AccessKey id is unknown
     */
    public static AmqpAuthResult verify(String userName, String password,
            Function<String, Optional<String>> secretByAccessKeyId, long nowMs, Duration freshnessWindow) {
        ExtendedClientId parsed = ExtendedClientId.parse(userName);
        if (parsed.isMalformed()) {
            return new Denied(AmqpAuthFailure.MALFORMED, "userName " + parsed.problem());
        }
        Map<String, String> params = parsed.params();
        String authMode = params.get("authMode");
        if (authMode == null) {
            return new Denied(AmqpAuthFailure.MALFORMED, "userName has no authMode parameter");
        }
        if (!AUTH_MODE.equals(authMode)) {
            return new Denied(AmqpAuthFailure.UNSUPPORTED_AUTH_MODE, "authMode '" + authMode + "' is not " + AUTH_MODE);
        }
        for (String required : new String[] {"signMethod", "timestamp", "authId", "consumerGroupId"}) {
            String value = params.get(required);
            if (value == null || value.isEmpty()) {
                return new Denied(AmqpAuthFailure.MALFORMED, "userName has no " + required + " parameter");
            }
        }
        String methodText = params.get("signMethod");
        Optional<SignMethod> method = SignMethod.find(methodText);
        if (method.isEmpty()) {
            return new Denied(AmqpAuthFailure.UNKNOWN_SIGN_METHOD,
                    "signMethod '" + methodText + "' is not hmacsha1, hmacsha256 or hmacmd5");
        }
        String timestamp = params.get("timestamp");
        long timestampMs = ExtendedClientId.timestamp(timestamp);
        if (timestampMs < 0) {
            return new Denied(AmqpAuthFailure.MALFORMED, "timestamp '" + timestamp + "' is not decimal milliseconds");
        }
        long skew = Math.abs(nowMs - timestampMs);
        if (skew > freshnessWindow.toMillis()) {
            return new Denied(AmqpAuthFailure.TIMESTAMP_OUT_OF_WINDOW, "timestamp " + timestampMs + " is " + skew
                    + " ms from now, window is " + freshnessWindow.toMillis() + " ms");
        }
        String accessKeyId = params.get("authId");
        Optional<String> secret = secretByAccessKeyId.apply(accessKeyId);
        if (secret == null || secret.isEmpty() || secret.get().isEmpty()) {
            return new Denied(AmqpAuthFailure.UNKNOWN_ACCESS_KEY, "unknown accessKeyId " + accessKeyId);
        }
        String expected = password(method.get(), secret.get(), accessKeyId, timestamp);
        if (!Hmac.matchesText(expected, password)) {
            return new Denied(AmqpAuthFailure.BAD_SIGNATURE, "password does not match the signature for " + accessKeyId);
        }
        return new Accepted(parsed.id(), accessKeyId, params.get("consumerGroupId"),
                params.getOrDefault("iotInstanceId", ""), method.get(), timestampMs);
    }

    private static String nonEmptyValueProblem(String name, String value) {
        if (value != null && value.isEmpty()) {
            return name + " is empty";
        }
        return ExtendedClientId.valueProblem(name, value);
    }

    private static void require(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
