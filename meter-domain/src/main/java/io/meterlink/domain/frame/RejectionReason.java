package io.meterlink.domain.frame;

/**
 * Why a frame was refused. The {@link #code()} is persisted and used as a metric tag, so it must
 * never change once released; add new constants instead of renaming old ones.
 */
public enum RejectionReason {
    EMPTY("empty"),
    TOO_LONG("too_long"),
    NOT_ASCII("not_ascii"),
    FIELD_COUNT("field_count"),
    UNKNOWN_FRAME_TYPE("unknown_frame_type"),
    INVALID_FIELD("invalid_field");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    /** Stable lower-snake identifier for metric tags and database columns. */
    public String code() {
        return code;
    }
}
