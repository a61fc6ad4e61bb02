package io.meterlink.alert.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** When engineers are texted: repeat notifications and storm protection. */
@ConfigMapping(prefix = "meterlink.alert.notify")
public interface NotifyConfig {

    /**
     * An open, unacknowledged alert is texted again only after this long since its last SMS; a meter and rule that
     * re-open within it are recorded without a new SMS.
     */
    @WithDefault("4h")
    Duration quietPeriod();

    Storm storm();

    /** Summary instead of one SMS per meter when many alerts open at once (a feeder outage). */
    interface Storm {
        /** More alerts than this opened within the window is a storm. */
        @WithDefault("20")
        int threshold();

        /** Sliding window in which opened alerts are counted. */
        @WithDefault("5m")
        Duration window();

        /** A summary goes out once no new alert joined the storm for this long... */
        @WithDefault("20s")
        Duration settle();

        /** ...or when its oldest unsummarized alert has waited this long, whichever comes first. */
        @WithDefault("2m")
        Duration maxDelay();

        /** How often the summarizer looks for alerts waiting for a summary. */
        @WithDefault("5s")
        String checkEvery();
    }
}
