package io.meterlink.domain.frame;

import java.util.Objects;

/**
 * A refused frame, kept as data rather than an exception so the ingest path can count and store
 * rejections at full frame rate without paying for stack traces.
 *
 * @param reason the category, stable enough to aggregate on
 * @param field  the offending field name (e.g. {@code "signalQuality"}), or {@code null} when the
 *               problem is with the frame as a whole
 * @param detail what exactly was wrong, for humans
 */
public record FrameRejection(RejectionReason reason, String field, String detail) {

    public FrameRejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** Human-readable text, e.g. {@code field signalQuality: '45' is not 0-31 or 99}. */
    public String message() {
        return field == null ? detail : "field " + field + ": " + detail;
    }

    static FrameRejection of(RejectionReason reason, String detail) {
        return new FrameRejection(reason, null, detail);
    }

    static FrameRejection invalid(String field, String detail) {
        return new FrameRejection(RejectionReason.INVALID_FIELD, field, detail);
    }
}
