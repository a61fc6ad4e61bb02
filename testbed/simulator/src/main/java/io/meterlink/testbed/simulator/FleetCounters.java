package io.meterlink.testbed.simulator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet's counters. Written only from the fleet's event loop but read by progress printers and tests on other
 * threads, hence atomics rather than plain fields.
 */
final class FleetCounters {

    final AtomicLong connectedLegacy = new AtomicLong();
    final AtomicLong connectedPlatform = new AtomicLong();
    final AtomicLong readingsTaken = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong commandsReceived = new AtomicLong();
    final AtomicLong invalidCommands = new AtomicLong();
    final AtomicLong switchedToPlatform = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong gaveUp = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    FleetStats snapshot(int meters) {
        long taken = readingsTaken.get();
        long acked = published.get();
        long lost = dropped.get();
        return new FleetStats(meters, connectedLegacy.get(), connectedPlatform.get(), taken, acked,
                Math.max(0, taken - acked - lost), lost, commandsReceived.get(), invalidCommands.get(),
                switchedToPlatform.get(), connectFailures.get(), gaveUp.get(), errors.get());
    }
}
