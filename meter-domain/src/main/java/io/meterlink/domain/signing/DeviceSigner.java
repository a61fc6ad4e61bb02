package io.meterlink.domain.signing;

import io.meterlink.domain.signing.DeviceAuthResult.Accepted;
import io.meterlink.domain.signing.DeviceAuthResult.Denied;
import io.meterlink.domain.topic.DeviceIdentityRules;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Alibaba Cloud IoT Platform "one device, one secret" MQTT signing. Meters and the simulator use
 * {@link #connect} to produce CONNECT credentials; the testbed broker uses {@link #verify} to play
 * the platform's part, so both sides share one implementation of the signing rules.
 *
 * <p>Sign content is the parameters in dictionary order, names and values concatenated without
 * separators: {@code clientId<id>deviceName<dn>productKey<pk>timestamp<ts>}; the password is the
 * upper-case hex HMAC of it keyed with the deviceSecret.
 */
public final class DeviceSigner {

    public static final int SECUREMODE_TLS = 2;
    public static final int SECUREMODE_TCP = 3;

    private DeviceSigner() {
    }

    /**
     * Upper-case hex signature. A {@code null} timestamp is left out of the sign content, as the
     * platform does when a device omits it.
     *
     * @throws IllegalArgumentException when {@code deviceSecret} is empty
     */
    public static String sign(SignMethod method, String deviceSecret, String clientId, String deviceName,
            String productKey, String timestamp) {
        return Hmac.upperHex(Hmac.compute(method, deviceSecret, signContent(clientId, deviceName, productKey, timestamp)));
    }

    /**
     * CONNECT credentials: clientId {@code <clientId>|securemode=3,signmethod=hmacsha1,timestamp=<ms>|},
     * username {@code <deviceName>&<productKey>}, password the hex signature.
     *
     * @param clientId 1-64 visible ASCII characters without {@code | , =}, e.g. the meter serial
     * @throws IllegalArgumentException for invalid names, clientId, securemode (2 or 3) or empty secret
     */
    public static MqttConnectCredentials connect(String productKey, String deviceName, String deviceSecret,
            String clientId, SignMethod method, int securemode, long timestampMs) {
        DeviceIdentityRules.productKeyProblem(productKey).ifPresent(DeviceSigner::fail);
        DeviceIdentityRules.deviceNameProblem(deviceName).ifPresent(DeviceSigner::fail);
        String idProblem = ExtendedClientId.idProblem(clientId);
        if (idProblem != null) {
            fail(idProblem);
        }
        Objects.requireNonNull(method, "method");
        if (securemode != SECUREMODE_TLS && securemode != SECUREMODE_TCP) {
            fail("securemode " + securemode + " is not 2 (TLS) or 3 (TCP)");
        }
        if (timestampMs < 0) {
            fail("timestamp " + timestampMs + " is negative");
        }
        String timestamp = Long.toString(timestampMs);
        String fullClientId = clientId + "|securemode=" + securemode + ",signmethod=" + method.wireName()
                + ",timestamp=" + timestamp + "|";
        return new MqttConnectCredentials(fullClientId, username(deviceName, productKey),
                sign(method, deviceSecret, clientId, deviceName, productKey, timestamp));
    }

    /** MQTT username {@code <deviceName>&<productKey>}. */
    public static String username(String deviceName, String productKey) {
        return deviceName + "&" + productKey;
    }

    /**
     * Checks CONNECT credentials the way the platform does. Extra clientId parameters that SDKs add
     * (e.g. {@code _v}, {@code lan}) are ignored. Never throws for any input strings.
     *
     * @param secretLookup the deviceSecret for a meter, empty when the meter is not registered
     */
    public static DeviceAuthResult verify(String fullClientId, String username, String password,
            Function<DeviceKey, Optional<String>> secretLookup) {
        ExtendedClientId parsed = ExtendedClientId.parse(fullClientId);
        if (parsed.isMalformed()) {
            return new Denied(DeviceAuthFailure.MALFORMED_CLIENT_ID, "clientId " + parsed.problem());
        }
        Map<String, String> params = parsed.params();
        String securemodeText = params.get("securemode");
        if (securemodeText == null) {
            return new Denied(DeviceAuthFailure.MALFORMED_CLIENT_ID, "clientId has no securemode parameter");
        }
        int securemode;
        if ("2".equals(securemodeText)) {
            securemode = SECUREMODE_TLS;
        } else if ("3".equals(securemodeText)) {
            securemode = SECUREMODE_TCP;
        } else {
            return new Denied(DeviceAuthFailure.UNSUPPORTED_SECUREMODE,
                    "securemode '" + securemodeText + "' is not 2 (TLS) or 3 (TCP)");
        }
        String methodText = params.get("signmethod");
        if (methodText == null) {
            return new Denied(DeviceAuthFailure.MALFORMED_CLIENT_ID, "clientId has no signmethod parameter");
        }
        Optional<SignMethod> method = SignMethod.find(methodText);
        if (method.isEmpty()) {
            return new Denied(DeviceAuthFailure.UNKNOWN_SIGN_METHOD,
                    "signmethod '" + methodText + "' is not hmacsha1, hmacsha256 or hmacmd5");
        }
        String timestamp = params.get("timestamp");
        OptionalLong timestampMs = OptionalLong.empty();
        if (timestamp != null) {
            long ms = ExtendedClientId.timestamp(timestamp);
            if (ms < 0) {
                return new Denied(DeviceAuthFailure.MALFORMED_CLIENT_ID,
                        "timestamp '" + timestamp + "' is not a decimal millisecond value");
            }
            timestampMs = OptionalLong.of(ms);
        }

        int amp = username == null ? -1 : username.indexOf('&');
        if (amp < 0 || username.indexOf('&', amp + 1) >= 0) {
            return new Denied(DeviceAuthFailure.MALFORMED_USERNAME, "username is not <deviceName>&<productKey>");
        }
        String deviceName = username.substring(0, amp);
        String productKey = username.substring(amp + 1);
        Optional<String> nameProblem = DeviceIdentityRules.deviceNameProblem(deviceName)
                .or(() -> DeviceIdentityRules.productKeyProblem(productKey));
        if (nameProblem.isPresent()) {
            return new Denied(DeviceAuthFailure.MALFORMED_USERNAME, "username: " + nameProblem.get());
        }

        Optional<String> secret = secretLookup.apply(new DeviceKey(productKey, deviceName));
        if (secret == null || secret.isEmpty() || secret.get().isEmpty()) {
            return new Denied(DeviceAuthFailure.UNKNOWN_DEVICE, username + " is not a registered device");
        }
        byte[] expected = Hmac.compute(method.get(), secret.get(),
                signContent(parsed.id(), deviceName, productKey, timestamp));
        if (!Hmac.matchesHex(expected, password)) {
            return new Denied(DeviceAuthFailure.BAD_SIGNATURE, "password does not match the signature for " + username);
        }
        return new Accepted(productKey, deviceName, parsed.id(), securemode, method.get(), timestampMs);
    }

    /** The string that is signed; exposed so tests and tooling can show exactly what was signed. */
    public static String signContent(String clientId, String deviceName, String productKey, String timestamp) {
        StringBuilder sb = new StringBuilder(96)
                .append("clientId").append(clientId)
                .append("deviceName").append(deviceName)
                .append("productKey").append(productKey);
        if (timestamp != null) {
            sb.append("timestamp").append(timestamp);
        }
        return sb.toString();
    }

    private static void fail(String problem) {
        throw new IllegalArgumentException(problem);
    }
}
