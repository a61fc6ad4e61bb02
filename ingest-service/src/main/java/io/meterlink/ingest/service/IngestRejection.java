package io.meterlink.ingest.service;

/**
 * Why a delivery is not a storable reading, for problems found before the frame itself is parsed. Frame problems
 * use meter-domain's {@code RejectionReason} codes. Codes are persisted, sent as the dead-letter {@code reason}
 * header and used as metric tags: never rename one.
 */
public enum IngestRejection {
    /** The AMQP body is not binary data (e.g. an AmqpSequence), so there are no payload bytes to keep. */
    UNSUPPORTED_BODY("unsupported_body"),
    /** The payload is larger than {@code meterlink.ingest.frames.max-payload-bytes}. */
    OVERSIZE("oversize"),
    /** {@code topic}, {@code messageId} or {@code generateTime} is absent. */
    MISSING_PROPERTY("missing_property"),
    /** A property is present but unusable (e.g. generateTime not epoch milliseconds, or far in the future). */
    INVALID_PROPERTY("invalid_property"),
    /** The topic is not a meter's {@code /<productKey>/<deviceName>/user/data/up}. */
    UNKNOWN_TOPIC("unknown_topic"),
    /**
     * PostgreSQL refused to store it for a reason in the data itself (SQLState class 22 or 23, e.g. a character it
     * cannot hold), found by isolating it from the rest of its batch; {@code detail} gives the SQLState and message.
     */
    UNSTORABLE("unstorable");

    private final String code;

    IngestRejection(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
