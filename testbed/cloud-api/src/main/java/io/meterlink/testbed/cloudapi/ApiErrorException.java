package io.meterlink.testbed.cloudapi;

/** Carries an {@link ApiError} out of request processing to the one place that writes answers. */
final class ApiErrorException extends RuntimeException {

    private final transient ApiError error;

    ApiErrorException(ApiError error) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }
}
