package io.meterlink.testbed.simulator;

/**
 * A snapshot of the fleet's counters, for progress lines and test assertions. Counts are since the fleet started.
 *
 * @param meters             meters in the fleet
 * @param connectedLegacy    meters online on the legacy broker now
 * @param connectedPlatform  meters online on the IoT Platform now
 * @param readingsTaken      readings that fell due (each is published or still pending)
 * @param published          readings the broker acknowledged (PUBACK); a reading re-sent after a lost PUBACK
 *                           counts once
 * @param pending            readings due but not yet acknowledged, e.g. while a meter is offline or switching
 * @param dropped            readings discarded because a meter's offline buffer was full
 * @param commandsReceived   valid command frames received
 * @param invalidCommands    command messages that were not valid frames (also counted in errors)
 * @param switchedToPlatform legacy meters that took the switch command and are now on the platform
 * @param connectFailures    CONNECT attempts that failed (refused, not authorized, timed out, unreachable)
 * @param gaveUp             meters that never got a connection and stopped trying
 * @param errors             every failure: connect failures, invalid commands, refused subscriptions, drops
 */
public record FleetStats(int meters, long connectedLegacy, long connectedPlatform, long readingsTaken,
        long published, long pending, long dropped, long commandsReceived, long invalidCommands,
        long switchedToPlatform, long connectFailures, long gaveUp, long errors) {

    /** Meters online on either endpoint. */
    public long connected() {
        return connectedLegacy + connectedPlatform;
    }
}
