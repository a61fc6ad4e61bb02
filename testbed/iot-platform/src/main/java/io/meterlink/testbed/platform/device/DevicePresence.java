package io.meterlink.testbed.platform.device;

import io.meterlink.domain.signing.DeviceKey;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Which devices are online and over which connection. Alibaba keeps one connection per device: a second CONNECT of
 * the same device (whatever the timestamp in its clientId) drops the first, which then counts as offline. Every
 * change is reported to a {@link Listener} so status messages follow the connections exactly once each.
 */
public final class DevicePresence {

    private static final Logger LOG = Logger.getLogger(DevicePresence.class.getName());

    /** Reacts to devices coming and going (the rules engine turns these into status messages). */
    public interface Listener {
        void online(DeviceKey device, String clientIp, long atMs, long lastMs);

        void offline(DeviceKey device, String clientIp, long atMs, long lastMs);
    }

    private record Session(RemotingConnection connection, String clientIp, long sinceMs) {
    }

    private final ConcurrentMap<DeviceKey, Session> online = new ConcurrentHashMap<>();
    private final ConcurrentMap<DeviceKey, Long> lastSeen = new ConcurrentHashMap<>();
    private final Listener listener;
    private final LongSupplier clock;

    public DevicePresence(Listener listener, LongSupplier clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /** A device authenticated on {@code connection}; an earlier connection of the same device is dropped. */
    void connected(DevicePrincipal device, RemotingConnection connection) {
        long now = clock.getAsLong();
        Session session = new Session(connection, clientIp(connection), now);
        Session previous = online.put(device.key(), session);
        long last = lastSeen.getOrDefault(device.key(), now);
        if (previous != null && previous.connection() != connection) {
            LOG.info(() -> "device " + device.getName() + " connected again from " + session.clientIp()
                    + " (clientId " + device.clientId() + "); dropping its connection from " + previous.clientIp());
            listener.offline(device.key(), previous.clientIp(), now, previous.sinceMs());
            previous.connection().fail(new ActiveMQException(ActiveMQExceptionType.DISCONNECTED,
                    "device " + device.getName() + " connected again"));
        }
        lastSeen.put(device.key(), now);
        listener.online(device.key(), session.clientIp(), now, last);
    }

    /** A connection ended; reports the device offline unless a newer connection already took its place. */
    void disconnected(RemotingConnection connection) {
        DevicePrincipal device = principal(connection);
        if (device == null) {
            return;
        }
        Session session = online.get(device.key());
        if (session != null && session.connection() == connection && online.remove(device.key(), session)) {
            long now = clock.getAsLong();
            lastSeen.put(device.key(), now);
            listener.offline(device.key(), session.clientIp(), now, session.sinceMs());
        }
    }

    public boolean isOnline(DeviceKey device) {
        return online.containsKey(device);
    }

    public int onlineCount() {
        return online.size();
    }

    /** The client IP of the device's current connection. */
    public Optional<String> clientIp(DeviceKey device) {
        Session session = online.get(device);
        return session == null ? Optional.empty() : Optional.of(session.clientIp());
    }

    static DevicePrincipal principal(RemotingConnection connection) {
        if (connection == null || connection.getSubject() == null) {
            return null;
        }
        for (var principal : connection.getSubject().getPrincipals()) {
            if (principal instanceof DevicePrincipal device) {
                return device;
            }
        }
        return null;
    }

    /** "/10.0.0.1:53211" or "10.0.0.1:53211" -> "10.0.0.1". */
    static String clientIp(RemotingConnection connection) {
        String remote = connection.getRemoteAddress();
        if (remote == null) {
            return "";
        }
        String text = remote.startsWith("/") ? remote.substring(1) : remote;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            text = text.substring(slash + 1);
        }
        int colon = text.lastIndexOf(':');
        return colon > 0 ? text.substring(0, colon) : text;
    }
}
