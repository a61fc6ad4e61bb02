package io.meterlink.domain.frame;

/**
 * Thrown only where a caller asked for a frame to be built from values it controls, so a bad value
 * is a programming or input-validation error; parsing never throws and returns a result instead.
 */
public final class InvalidFrameException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient FrameRejection rejection;

    public InvalidFrameException(FrameRejection rejection) {
        super(rejection.message());
        this.rejection = rejection;
    }

    /** The structured reason, so callers can map it to an HTTP 400 body or a metric tag. */
    public FrameRejection rejection() {
        return rejection;
    }
}
