package io.meterlink.command.model;

/** The path a meter is reached (and reports) on during the migration. */
public enum Route {
    /** The self-managed MQTT cluster, topic {@code cdb/cmd/push}. */
    LEGACY,
    /** Alibaba Cloud IoT Platform, Pub to {@code /pk/dn/user/cmd/down}. */
    PLATFORM
}
