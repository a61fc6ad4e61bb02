package io.meterlink.domain.signing;

import java.util.Optional;

/**
 * HMAC variants Alibaba Cloud IoT Platform accepts for device (MQTT) and server-side subscription
 * (AMQP) signatures, with the name used on the wire and the JCA algorithm that computes it.
 */
public enum SignMethod {
    HMACSHA1("hmacsha1", "HmacSHA1"),
    HMACSHA256("hmacsha256", "HmacSHA256"),
    HMACMD5("hmacmd5", "HmacMD5");

    private final String wireName;
    private final String jcaName;

    SignMethod(String wireName, String jcaName) {
        this.wireName = wireName;
        this.jcaName = jcaName;
    }

    /** Name as written in clientId/userName parameters, e.g. {@code hmacsha1}. */
    public String wireName() {
        return wireName;
    }

    /** Algorithm name for {@link javax.crypto.Mac#getInstance(String)}. */
    public String jcaName() {
        return jcaName;
    }

    /** The method named {@code name}, ignoring case (devices and SDKs differ), or empty. */
    public static Optional<SignMethod> find(String name) {
        for (SignMethod m : values()) {
            if (m.wireName.equalsIgnoreCase(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * Like {@link #find} but for configuration, where an unknown name is an error.
     *
     * @throws IllegalArgumentException listing the supported names
     */
    public static SignMethod parse(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown sign method '" + name + "', expected hmacsha1, hmacsha256 or hmacmd5"));
    }
}
