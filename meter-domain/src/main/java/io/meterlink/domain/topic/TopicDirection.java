package io.meterlink.domain.topic;

/**
 * The two custom topics a meter uses on Alibaba Cloud IoT Platform, with the topic name the same
 * traffic had on the legacy broker, so the migration mapping lives in exactly one place.
 */
public enum TopicDirection {
    /** Meter publishes data frames; the platform forwards them to the backend via AMQP. */
    DATA_UP("user/data/up", "cdb/data/post", true),
    /** Backend publishes command frames through the platform API; the meter subscribes. */
    CMD_DOWN("user/cmd/down", "cdb/cmd/push", false);

    private final String suffix;
    private final String legacyTopic;
    private final boolean devicePublishes;

    TopicDirection(String suffix, String legacyTopic, boolean devicePublishes) {
        this.suffix = suffix;
        this.legacyTopic = legacyTopic;
        this.devicePublishes = devicePublishes;
    }

    /** The part after {@code /<productKey>/<deviceName>/}, e.g. {@code user/data/up}. */
    public String suffix() {
        return suffix;
    }

    /** The topic this traffic used on the legacy broker, e.g. {@code cdb/data/post}. */
    public String legacyTopic() {
        return legacyTopic;
    }

    /** True when the meter publishes on this topic (needs "publish" permission in the product). */
    public boolean devicePublishes() {
        return devicePublishes;
    }

    /** True when the meter subscribes to this topic (needs "subscribe" permission in the product). */
    public boolean deviceSubscribes() {
        return !devicePublishes;
    }
}
