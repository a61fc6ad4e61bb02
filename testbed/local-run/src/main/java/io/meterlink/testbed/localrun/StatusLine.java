package io.meterlink.testbed.localrun;

import io.meterlink.testbed.embedded.PrometheusScrape;
import io.meterlink.testbed.simulator.MeterFleet;

/**
 * The local run's live line of figures: what the services say in their Prometheus metrics, what the stand-in
 * recorded, and what the simulated fleet did — each read from its own source, so a disagreement shows.
 */
final class StatusLine {

    private final MeterLinkSystem system;
    private final MeterFleet fleet;
    private long lastPublished;
    private long lastNanos = System.nanoTime();

    StatusLine(MeterLinkSystem system, MeterFleet fleet) {
        this.system = system;
        this.fleet = fleet;
    }

    String next() {
        PrometheusScrape ingest = PrometheusScrape.of(system.ingest().baseUrl());
        PrometheusScrape alert = PrometheusScrape.of(system.alert().baseUrl());
        PrometheusScrape command = PrometheusScrape.of(system.command().baseUrl());
        long published = fleet.published();
        long now = System.nanoTime();
        double rate = (published - lastPublished) / ((now - lastNanos) / 1e9);
        lastPublished = published;
        lastNanos = now;
        return String.format("meters %d/%d connected, %d published (%.0f/s) | readings stored %s, rejected %s"
                        + " | alerts open %s | SMS sent %d | commands sent %s, received by meters %d",
                fleet.connected(), fleet.identities().size(), published, rate,
                figure(ingest.sum(Metrics.READINGS_STORED)), figure(ingest.sum(Metrics.READINGS_REJECTED)),
                figure(difference(alert.sum(Metrics.ALERTS_OPENED), alert.sum(Metrics.ALERTS_RESOLVED))),
                system.platform().cloudApi().smsLog().size(),
                figure(command.sum(Metrics.COMMANDS, "state=\"SENT\"")), fleet.commandsReceived());
    }

    private static long difference(long a, long b) {
        return a < 0 ? -1 : a - Math.max(b, 0);
    }

    private static String figure(long value) {
        return value < 0 ? "?" : Long.toString(value);
    }

    /** The service metrics the line reads (names as Prometheus renders them). */
    static final class Metrics {
        static final String READINGS_STORED = "ingest_readings_stored_total";
        static final String READINGS_REJECTED = "ingest_messages_rejected_total";
        static final String ALERTS_OPENED = "meterlink_alerts_opened_total";
        static final String ALERTS_RESOLVED = "meterlink_alerts_resolved_total";
        static final String COMMANDS = "meterlink_command_commands_total";

        private Metrics() {
        }
    }
}
