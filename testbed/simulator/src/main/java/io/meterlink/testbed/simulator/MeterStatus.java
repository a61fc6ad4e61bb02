package io.meterlink.testbed.simulator;

import io.meterlink.domain.frame.CommandFrame;
import java.util.List;

/**
 * One meter's state as seen from outside the fleet (tests, the local run).
 *
 * @param deviceName     the meter
 * @param endpoint       where it lives now; a legacy meter moves to {@link Endpoint#PLATFORM} when switched
 * @param online         connected to that endpoint right now
 * @param listening      online and subscribed to its command topic (the broker granted the subscription)
 * @param readingsTaken  readings that fell due
 * @param published      readings acknowledged by the broker
 * @param commands       valid commands received, in arrival order
 */
public record MeterStatus(String deviceName, Endpoint endpoint, boolean online, boolean listening,
        long readingsTaken, long published, List<CommandFrame> commands) {

    /** The two places a meter can be connected to. */
    public enum Endpoint {
        /** The self-managed MQTT cluster: topics cdb/data/post and cdb/cmd/push, no Alibaba auth. */
        LEGACY,
        /** Alibaba Cloud IoT Platform (or its stand-in): signed CONNECT, /pk/dn/user/... topics. */
        PLATFORM
    }
}
