package io.meterlink.testbed.simulator;

import io.meterlink.domain.frame.CommandFrame;
import io.meterlink.domain.frame.CommandFrameCodec;
import io.meterlink.domain.frame.CommandFrameResult;
import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.MqttConnectCredentials;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.testbed.simulator.MeterStatus.Endpoint;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import io.vertx.mqtt.messages.MqttConnAckMessage;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One meter: takes a reading whenever one falls due, keeps it until the broker acknowledges it (QoS 1), reconnects
 * with backoff when the connection drops, counts the commands it receives, and - as a legacy meter - moves to the
 * IoT Platform when told to. Readings that fall due while the meter is offline or switching wait in its buffer and
 * go out, in order, after the next CONNACK; unacknowledged ones are re-sent, so nothing is lost (at-least-once).
 *
 * <p>Confined to the fleet's event loop: every method runs there, so the state needs no locks. Fields read by other
 * threads (status for tests and progress) are volatile and have a single writer.
 */
final class SimulatedMeter {

    private enum State { WAITING, CONNECTING, ONLINE, SWITCHING, STOPPED, GAVE_UP }

    /** A reading on its way; {@code sentOn} is the connection it was last written to, null while buffered. */
    private static final class Outgoing {
        final long seq;
        final byte[] payload;
        MqttClient sentOn;

        Outgoing(long seq, MeterReading reading) {
            this.seq = seq;
            this.payload = DataFrameCodec.format(reading).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final MeterFleet fleet;
    private final FleetSettings settings;
    private final MeterIdentity identity;
    private final MeterProfile profile;
    private final ReadingSchedule schedule;
    private final Vertx vertx;

    private volatile Endpoint endpoint;
    private State state = State.WAITING;
    private MqttClient client;
    private boolean everConnectedHere;
    /** True while this meter is counted in the fleet's connected counter of its endpoint. */
    private boolean countedOnline;
    private boolean switchRequested;
    private int failedAttempts;
    private ConnectFailure lastFailure;

    private final ArrayDeque<Outgoing> buffered = new ArrayDeque<>();
    /** Written to the current connection, not yet acknowledged; re-buffered if the connection drops. */
    private final Set<Outgoing> unacknowledged = new LinkedHashSet<>();
    private final Map<Integer, Outgoing> byPacketId = new HashMap<>();
    /** PUBACKs that overtook the completion of their own publish call. */
    private final Set<Integer> earlyAcks = new HashSet<>();

    private long nextDueMs;
    private long firstSlot;
    private long seq;
    private long dueTimer = -1;
    private long switchTimer = -1;
    private Promise<Void> stopped;

    private volatile boolean listening;
    private volatile long readingsTaken;
    private volatile long published;
    private volatile List<CommandFrame> commands = List.of();

    SimulatedMeter(MeterFleet fleet, FleetSettings settings, MeterIdentity identity, boolean legacy, Vertx vertx) {
        this.fleet = fleet;
        this.settings = settings;
        this.identity = identity;
        this.vertx = vertx;
        this.endpoint = legacy ? Endpoint.LEGACY : Endpoint.PLATFORM;
        this.profile = new MeterProfile(settings.seed(), identity.deviceName(), settings.rates(),
                settings.meteringPeriod());
        this.schedule = new ReadingSchedule(settings.interval(), settings.mode(), settings.seed(),
                identity.deviceName());
    }

    String deviceName() {
        return identity.deviceName();
    }

    long offsetMs() {
        return schedule.offsetMs();
    }

    MeterStatus status() {
        boolean online = isOnline();
        return new MeterStatus(identity.deviceName(), endpoint, online, listening && online, readingsTaken,
                published, commands);
    }

    private boolean isOnline() {
        MqttClient c = client;
        return c != null && c.isConnected();
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------------

    void start(long nowMs) {
        nextDueMs = schedule.firstDueAfter(nowMs);
        firstSlot = schedule.slotOf(nextDueMs);
        armDueTimer(nowMs);
        connect();
    }

    /** Stops taking readings, lets acknowledgements of what is in flight arrive (briefly), then disconnects. */
    Future<Void> stop() {
        cancelTimers();
        if (state == State.STOPPED || state == State.GAVE_UP) {
            state = State.STOPPED;
            return Future.succeededFuture();
        }
        boolean wasOnline = state == State.ONLINE || state == State.SWITCHING;
        state = State.STOPPED;
        stopped = Promise.promise();
        if (wasOnline && !unacknowledged.isEmpty()) {
            switchTimer = vertx.setTimer(MeterFleet.STOP_DRAIN.toMillis(), id -> finishStop());
        } else {
            finishStop();
        }
        return stopped.future();
    }

    private void finishStop() {
        MqttClient c = client;
        client = null;
        markOffline();
        if (c == null) {
            stopped.tryComplete();
        } else if (c.isConnected()) {
            c.disconnect().onComplete(ar -> stopped.tryComplete());
        } else {
            // Still connecting: closes the socket if one is open; there is no session to end politely.
            c.disconnect();
            stopped.tryComplete();
        }
    }

    // ---- readings -------------------------------------------------------------------------------------------------

    private void armDueTimer(long nowMs) {
        dueTimer = vertx.setTimer(Math.max(1, nextDueMs - nowMs), id -> onDue());
    }

    /** Takes every reading that is due, even several if the loop was held up, so no metering period is skipped. */
    private void onDue() {
        dueTimer = -1;
        if (state == State.STOPPED) {
            return;
        }
        long now = System.currentTimeMillis();
        while (nextDueMs <= now) {
            takeReading(schedule.slotOf(nextDueMs) - firstSlot);
            nextDueMs += schedule.intervalMs();
        }
        armDueTimer(now);
        sendBuffered();
    }

    private void takeReading(long periodIndex) {
        Instant periodStart = fleet.simulatedStart().plus(settings.meteringPeriod().multipliedBy(periodIndex));
        MeterReading reading = profile.next(periodStart);
        settings.listener().onReading(identity.deviceName(), reading);
        buffered.add(new Outgoing(seq++, reading));
        readingsTaken++;
        fleet.counters().readingsTaken.incrementAndGet();
        if (buffered.size() > settings.maxPending()) {
            buffered.poll();
            fleet.counters().dropped.incrementAndGet();
            fleet.error("dropped", identity.deviceName() + " dropped its oldest buffered reading: buffer of "
                    + settings.maxPending() + " is full");
        }
    }

    private void sendBuffered() {
        MqttClient c = client;
        while (state == State.ONLINE && c != null && unacknowledged.size() < settings.maxInflight()
                && !buffered.isEmpty()) {
            Outgoing out = buffered.poll();
            out.sentOn = c;
            unacknowledged.add(out);
            c.publish(dataTopic(), Buffer.buffer(out.payload), MqttQoS.AT_LEAST_ONCE, false, false)
                    .onComplete(ar -> {
                        if (out.sentOn != c) {
                            return;
                        }
                        if (ar.succeeded()) {
                            int packetId = ar.result();
                            if (earlyAcks.remove(packetId)) {
                                acknowledged(out);
                            } else {
                                byPacketId.put(packetId, out);
                            }
                        } else {
                            // Written to a connection that is going away: it goes out again after reconnecting.
                            unacknowledged.remove(out);
                            out.sentOn = null;
                            rebuffer(List.of(out));
                            if (state == State.SWITCHING && unacknowledged.isEmpty()) {
                                completeSwitch();
                            }
                        }
                    });
        }
    }

    private void onPublishAcknowledged(MqttClient c, int packetId) {
        if (c != client) {
            return;
        }
        Outgoing out = byPacketId.remove(packetId);
        if (out == null) {
            earlyAcks.add(packetId);
        } else {
            acknowledged(out);
        }
    }

    private void acknowledged(Outgoing out) {
        unacknowledged.remove(out);
        out.sentOn = null;
        published++;
        fleet.counters().published.incrementAndGet();
        if (state == State.SWITCHING && unacknowledged.isEmpty()) {
            completeSwitch();
        } else if (state == State.STOPPED && unacknowledged.isEmpty() && stopped != null) {
            cancelTimers();
            finishStop();
        } else {
            sendBuffered();
        }
    }

    /** Puts readings back at the front of the buffer in their original order. */
    private void rebuffer(List<Outgoing> readings) {
        List<Outgoing> sorted = new ArrayList<>(readings);
        sorted.sort(Comparator.comparingLong((Outgoing o) -> o.seq).reversed());
        sorted.forEach(buffered::addFirst);
    }

    private void rebufferUnacknowledged() {
        unacknowledged.forEach(o -> o.sentOn = null);
        rebuffer(new ArrayList<>(unacknowledged));
        unacknowledged.clear();
        byPacketId.clear();
        earlyAcks.clear();
    }

    private String dataTopic() {
        return endpoint == Endpoint.LEGACY ? TopicMapping.LEGACY_DATA_POST
                : TopicMapping.dataUp(identity.productKey(), identity.deviceName()).fullName();
    }

    private String commandTopic() {
        return endpoint == Endpoint.LEGACY ? TopicMapping.LEGACY_CMD_PUSH
                : TopicMapping.cmdDown(identity.productKey(), identity.deviceName()).fullName();
    }

    // ---- connection -----------------------------------------------------------------------------------------------

    private void connect() {
        state = State.CONNECTING;
        fleet.gate().acquire(this::openConnection);
    }

    private void openConnection() {
        if (state != State.CONNECTING) {
            fleet.gate().release();
            return;
        }
        MqttEndpoint target = endpoint == Endpoint.LEGACY ? settings.legacy() : settings.platform();
        MqttClientOptions options = new MqttClientOptions()
                .setKeepAliveInterval(settings.keepAliveSeconds())
                .setCleanSession(settings.cleanSession())
                .setMaxInflightQueue(Math.max(settings.maxInflight(), 1))
                .setAutoKeepAlive(true);
        options.setConnectTimeout((int) settings.connectTimeout().toMillis());
        if (endpoint == Endpoint.PLATFORM) {
            // Signed afresh for each attempt: the timestamp is part of the signature.
            MqttConnectCredentials credentials = DeviceSigner.connect(identity.productKey(), identity.deviceName(),
                    identity.deviceSecret(), identity.deviceName(), settings.signMethod(), settings.securemode(),
                    System.currentTimeMillis());
            options.setClientId(credentials.clientId())
                    .setUsername(credentials.username())
                    .setPassword(credentials.password());
        } else {
            // The legacy cluster knows a meter by its clientId, which the firmware sets to the device name.
            options.setClientId(identity.deviceName());
        }
        MqttClient c = MqttClient.create(vertx, options);
        client = c;
        c.publishHandler(message -> onMessage(c, message));
        c.publishCompletionHandler(packetId -> onPublishAcknowledged(c, packetId));
        c.subscribeCompletionHandler(ack -> onSubscribed(c, ack));
        c.closeHandler(v -> onClosed(c));
        c.exceptionHandler(e -> fleet.debug(identity.deviceName() + " connection error: " + e));

        Promise<MqttConnAckMessage> answered = Promise.promise();
        long guard = vertx.setTimer(settings.connectTimeout().toMillis(), id -> answered.tryFail(
                new ConnectTimeoutException("no CONNACK within " + DurationText.format(settings.connectTimeout()))));
        c.connect(target.port(), target.host()).onComplete(ar -> {
            if (ar.succeeded()) {
                answered.tryComplete(ar.result());
            } else {
                answered.tryFail(ar.cause());
            }
        });
        answered.future().onComplete(ar -> {
            vertx.cancelTimer(guard);
            fleet.gate().release();
            if (client != c || state != State.CONNECTING) {
                // Stopped or superseded while connecting.
                c.disconnect();
                return;
            }
            if (ar.succeeded()) {
                onConnected(c);
            } else {
                client = null;
                // After a CONNACK timeout the socket may be open: close it (a no-op when there is none).
                c.disconnect();
                onConnectFailed(target, ar.cause());
            }
        });
    }

    private void onConnected(MqttClient c) {
        state = State.ONLINE;
        everConnectedHere = true;
        failedAttempts = 0;
        markOnline();
        if (switchRequested && endpoint == Endpoint.PLATFORM) {
            switchRequested = false;
            fleet.counters().switchedToPlatform.incrementAndGet();
            fleet.info(identity.deviceName() + " switched to the IoT Platform at " + settings.platform());
        }
        c.subscribe(commandTopic(), MqttQoS.AT_LEAST_ONCE.value());
        fleet.meterConnected();
        sendBuffered();
    }

    private void onConnectFailed(MqttEndpoint target, Throwable cause) {
        failedAttempts++;
        lastFailure = ConnectFailure.of(cause);
        fleet.counters().connectFailures.incrementAndGet();
        fleet.error("connect-" + lastFailure.name(), identity.deviceName() + " could not connect to " + target + ": "
                + lastFailure.describe(cause) + " (attempt " + failedAttempts + ")");
        if (!everConnectedHere && failedAttempts >= settings.connectAttempts()) {
            state = State.GAVE_UP;
            cancelTimers();
            fleet.meterGaveUp(this, lastFailure, target);
            return;
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        state = State.WAITING;
        long base = settings.reconnectInitial().toMillis() << Math.min(Math.max(0, failedAttempts - 1), 16);
        long capped = Math.min(settings.reconnectMax().toMillis(), Math.max(1, base));
        // Jitter keeps a fleet that lost its broker at once from coming back in one thundering wave.
        long delay = Math.max(1, (long) (capped * (0.75 + 0.5 * fleet.jitter())));
        vertx.setTimer(delay, id -> {
            if (state == State.WAITING) {
                connect();
            }
        });
    }

    private void onClosed(MqttClient c) {
        if (c != client) {
            return;
        }
        client = null;
        markOffline();
        rebufferUnacknowledged();
        if (state == State.SWITCHING) {
            moveToPlatform();
        } else if (state == State.ONLINE) {
            fleet.error("connection-lost", identity.deviceName() + " lost its connection to "
                    + (endpoint == Endpoint.LEGACY ? settings.legacy() : settings.platform()) + "; reconnecting");
            scheduleReconnect();
        } else if (state == State.STOPPED && stopped != null) {
            stopped.tryComplete();
        }
    }

    private void markOnline() {
        countedOnline = true;
        connectedCounter().incrementAndGet();
    }

    private void markOffline() {
        listening = false;
        if (countedOnline) {
            countedOnline = false;
            connectedCounter().decrementAndGet();
        }
    }

    private AtomicLong connectedCounter() {
        return endpoint == Endpoint.LEGACY ? fleet.counters().connectedLegacy : fleet.counters().connectedPlatform;
    }

    private void onSubscribed(MqttClient c, MqttSubAckMessage ack) {
        if (c != client) {
            return;
        }
        if (ack.grantedQoSLevels().contains(0x80)) {
            fleet.error("subscribe-refused", identity.deviceName() + " was refused the subscription to "
                    + commandTopic());
        } else {
            listening = true;
        }
    }

    // ---- commands and the endpoint switch -------------------------------------------------------------------------

    private void onMessage(MqttClient c, MqttPublishMessage message) {
        if (c != client) {
            return;
        }
        CommandFrameResult result = CommandFrameCodec.parse(message.payload().getBytes());
        if (result instanceof CommandFrameResult.Parsed parsed) {
            CommandFrame frame = parsed.frame();
            List<CommandFrame> updated = new ArrayList<>(commands);
            updated.add(frame);
            commands = List.copyOf(updated);
            fleet.counters().commandsReceived.incrementAndGet();
            if (endpoint == Endpoint.LEGACY && state == State.ONLINE
                    && frame.args().equals(settings.switchCommand())) {
                beginSwitch();
            }
        } else if (result instanceof CommandFrameResult.Rejected rejected) {
            fleet.counters().invalidCommands.incrementAndGet();
            fleet.error("invalid-command", identity.deviceName() + " received an invalid command on "
                    + message.topicName() + ": " + rejected.rejection());
        }
    }

    /**
     * The OTA endpoint change. New readings wait in the buffer; once the legacy broker has acknowledged what is in
     * flight (or after a short grace period) the meter leaves it and connects to the platform.
     */
    private void beginSwitch() {
        fleet.info(identity.deviceName() + " received the switch command; moving to " + settings.platform());
        state = State.SWITCHING;
        if (unacknowledged.isEmpty()) {
            completeSwitch();
        } else {
            switchTimer = vertx.setTimer(MeterFleet.SWITCH_DRAIN.toMillis(), id -> {
                switchTimer = -1;
                if (state == State.SWITCHING) {
                    completeSwitch();
                }
            });
        }
    }

    private void completeSwitch() {
        if (switchTimer >= 0) {
            vertx.cancelTimer(switchTimer);
            switchTimer = -1;
        }
        MqttClient old = client;
        client = null;
        markOffline();
        rebufferUnacknowledged();
        if (old != null) {
            old.disconnect();
        }
        moveToPlatform();
    }

    private void moveToPlatform() {
        endpoint = Endpoint.PLATFORM;
        switchRequested = true;
        everConnectedHere = false;
        failedAttempts = 0;
        connect();
    }

    private void cancelTimers() {
        if (dueTimer >= 0) {
            vertx.cancelTimer(dueTimer);
            dueTimer = -1;
        }
        if (switchTimer >= 0) {
            vertx.cancelTimer(switchTimer);
            switchTimer = -1;
        }
    }

    /** Why a CONNECT failed, in the three kinds that matter for deciding whether the whole fleet is stuck. */
    enum ConnectFailure {
        NOT_AUTHORIZED, REFUSED, UNREACHABLE;

        static ConnectFailure of(Throwable cause) {
            if (cause instanceof MqttConnectionException refused) {
                MqttConnectReturnCode code = refused.code();
                return code == MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED
                        || code == MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD
                        ? NOT_AUTHORIZED : REFUSED;
            }
            return UNREACHABLE;
        }

        String describe(Throwable cause) {
            if (cause instanceof MqttConnectionException refused) {
                return "CONNACK " + refused.code().byteValue() + " (" + refused.code() + ")";
            }
            return String.valueOf(cause.getMessage() == null ? cause : cause.getMessage());
        }
    }

    /** No CONNACK arrived in time (the TCP connection may have opened). */
    static final class ConnectTimeoutException extends Exception {
        private static final long serialVersionUID = 1L;

        ConnectTimeoutException(String message) {
            super(message, null, false, false);
        }
    }
}
