package io.meterlink.alert.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Consumption of {@code meter.readings}; the Kafka channel itself is set under mp.messaging.incoming.readings. */
@ConfigMapping(prefix = "meterlink.alert.readings")
public interface ReadingsConfig {

    /**
     * How long processed message ids are remembered to drop redeliveries. Must exceed how late a duplicate can
     * arrive: the platform keeps undelivered AMQP messages one day.
     */
    @WithDefault("3d")
    Duration dedupRetention();

    /**
     * A reading the platform received longer ago than this (a replay from the earliest offset, a first deployment's
     * backlog) is evaluated, but the alerts it opens or confirms text nobody until a newer reading still shows them.
     */
    @WithDefault("1h")
    Duration notifyMaxAge();

    /** Attempts to store one batch (e.g. while the database fails over) before the consumer stops and reports DOWN. */
    @WithDefault("5")
    int storeAttempts();

    /** Wait between two such attempts; doubles each time. */
    @WithDefault("1s")
    Duration storeBackoff();
}
