package io.meterlink.domain.signing;

/**
 * Why an AMQP server-side subscription login was refused; {@link #code()} is stable for metrics.
 */
public enum AmqpAuthFailure {
    MALFORMED("malformed"),
    UNSUPPORTED_AUTH_MODE("unsupported_auth_mode"),
    UNKNOWN_SIGN_METHOD("unknown_sign_method"),
    TIMESTAMP_OUT_OF_WINDOW("timestamp_out_of_window"),
    UNKNOWN_ACCESS_KEY("unknown_access_key"),
    BAD_SIGNATURE("bad_signature");

    private final String code;

    AmqpAuthFailure(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
