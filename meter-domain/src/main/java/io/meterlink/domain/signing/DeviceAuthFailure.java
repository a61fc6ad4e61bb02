package io.meterlink.domain.signing;

/**
 * Why a meter's MQTT CONNECT was refused; {@link #code()} is stable for metrics and audit rows.
 */
public enum DeviceAuthFailure {
    MALFORMED_CLIENT_ID("malformed_client_id"),
    UNSUPPORTED_SECUREMODE("unsupported_securemode"),
    UNKNOWN_SIGN_METHOD("unknown_sign_method"),
    MALFORMED_USERNAME("malformed_username"),
    UNKNOWN_DEVICE("unknown_device"),
    BAD_SIGNATURE("bad_signature");

    private final String code;

    DeviceAuthFailure(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
