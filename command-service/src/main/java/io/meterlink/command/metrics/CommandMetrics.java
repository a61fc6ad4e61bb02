package io.meterlink.command.metrics;

import io.meterlink.command.model.CommandState;
import io.meterlink.command.model.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's Micrometer meters (Prometheus at {@code /q/metrics}). Counters count what this replica did; the
 * gauges of open commands and job progress come from the database, so every replica shows the fleet-wide figure.
 */
@ApplicationScoped
public class CommandMetrics {

    private final MeterRegistry registry;
    private final Map<CommandState, Counter> transitions = new EnumMap<>(CommandState.class);
    private final Map<Route, Timer> pubLatency = new EnumMap<>(Route.class);
    private final Map<CommandState, AtomicLong> openJobCommands = new EnumMap<>(CommandState.class);
    private final Map<CommandState, AtomicLong> openCommands = new EnumMap<>(CommandState.class);
    private final AtomicLong legacyConnected = new AtomicLong();
    private final Counter inDoubt;
    private final Counter readingsRejected;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (CommandState state : CommandState.values()) {
            transitions.put(state, Counter.builder("meterlink.command.commands")
                    .description("Commands that reached this state on this replica")
                    .tag("state", state.name()).register(registry));
            AtomicLong jobCount = new AtomicLong();
            openJobCommands.put(state, jobCount);
            registry.gauge("meterlink.command.job.commands", List.of(Tag.of("state", state.name())), jobCount);
        }
        for (CommandState state : List.of(CommandState.ACCEPTED, CommandState.SENDING)) {
            AtomicLong open = new AtomicLong();
            openCommands.put(state, open);
            registry.gauge("meterlink.command.open", List.of(Tag.of("state", state.name())), open);
        }
        for (Route route : Route.values()) {
            pubLatency.put(route, Timer.builder("meterlink.command.send.latency")
                    .description("Time one send to the gateway took (Pub call or legacy publish)")
                    .tag("gateway", gateway(route))
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .publishPercentileHistogram()
                    .register(registry));
        }
        registry.gauge("meterlink.command.legacy.connected", legacyConnected);
        inDoubt = Counter.builder("meterlink.command.in.doubt")
                .description("Commands failed as in doubt after a sender stopped mid-send").register(registry);
        readingsRejected = Counter.builder("meterlink.command.readings.rejected")
                .description("meter.readings records that could not be read and were skipped").register(registry);
    }

    public void transition(CommandState state, long count) {
        if (count > 0) {
            transitions.get(state).increment(count);
        }
    }

    public void sendLatency(Route route, Duration took) {
        pubLatency.get(route).record(took);
    }

    /** A refused send, by gateway and the far side's error code. */
    public void sendError(Route route, String code) {
        registry.counter("meterlink.command.send.errors", "gateway", gateway(route), "code", code).increment();
    }

    public void inDoubt(long count) {
        inDoubt.increment(count);
    }

    public void readingRejected() {
        readingsRejected.increment();
    }

    /** Latest counts of the commands of running and paused jobs. */
    public void jobProgress(Map<CommandState, Long> counts) {
        for (CommandState state : CommandState.values()) {
            openJobCommands.get(state).set(counts.getOrDefault(state, 0L));
        }
    }

    /** Latest fleet-wide counts of waiting and in-flight commands. */
    public void open(Map<CommandState, Long> counts) {
        openCommands.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0L)));
    }

    public void legacyConnected(boolean connected) {
        legacyConnected.set(connected ? 1 : 0);
    }

    private static String gateway(Route route) {
        return route.name().toLowerCase(Locale.ROOT);
    }
}
