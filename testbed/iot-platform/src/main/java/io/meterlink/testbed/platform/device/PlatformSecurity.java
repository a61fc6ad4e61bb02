package io.meterlink.testbed.platform.device;

import io.meterlink.domain.signing.AmqpAuthResult;
import io.meterlink.domain.signing.AmqpSigner;
import io.meterlink.domain.signing.DeviceAuthResult;
import io.meterlink.domain.signing.DeviceKey;
import io.meterlink.domain.signing.DeviceSigner;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.apache.activemq.artemis.utils.CompositeAddress;

import javax.security.auth.Subject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The platform's gatekeeper on the broker: authenticates devices on MQTT (Alibaba's signed clientId/username/password,
 * keepalive range) and backends on AMQP (aksign login of a known consumer group), and decides every topic and queue
 * access. A device may publish only to its own {@code data/up} and subscribe only to its own {@code cmd/down}; a
 * consumer group may only consume its own queue and never send. Every refusal is logged with who was refused and why.
 */
public final class PlatformSecurity implements ActiveMQSecurityManager5 {

    private static final Logger LOG = Logger.getLogger(PlatformSecurity.class.getName());

    /** What the security manager needs to know about the platform's configuration. */
    public record Settings(Function<DeviceKey, Optional<String>> deviceSecrets, int minKeepAliveSeconds,
            int maxKeepAliveSeconds, Map<String, String> accessKeys, Duration amqpTimestampWindow,
            Predicate<String> consumerGroupExists, String instanceId, String groupBindingAddress) {
    }

    private final Settings settings;
    private final KeepAliveInterceptor keepAlives;
    private final DevicePresence presence;
    private final LongSupplier clock;

    public PlatformSecurity(Settings settings, KeepAliveInterceptor keepAlives, DevicePresence presence,
            LongSupplier clock) {
        this.settings = settings;
        this.keepAlives = keepAlives;
        this.presence = presence;
        this.clock = clock;
    }

    @Override
    public boolean validateUser(String user, String password) {
        // Only the connection-aware authenticate() below can check a device or aksign login.
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (connection == null) {
            LOG.warning(() -> "refused login of '" + user + "': no connection to check it against");
            return null;
        }
        Subject established = connection.getSubject();
        if (established != null && user != null && user.equals(userName(established))) {
            // Artemis re-authenticates for permission checks once a login is made; the connection already proved
            // itself, and an aksign timestamp must not expire an open connection.
            return established;
        }
        String protocol = connection.getProtocolName();
        if ("MQTT".equalsIgnoreCase(protocol)) {
            return authenticateDevice(user, password, connection);
        }
        if ("AMQP".equalsIgnoreCase(protocol)) {
            return authenticateConsumerGroup(user, password, connection);
        }
        LOG.warning(() -> "refused " + protocol + " login from " + connection.getRemoteAddress()
                + ": only MQTT devices and AMQP consumer groups may connect");
        return null;
    }

    private Subject authenticateDevice(String username, String password, RemotingConnection connection) {
        String clientId = connection.getClientID();
        OptionalInt keepAlive = keepAlives.take(connection);
        DeviceAuthResult result = DeviceSigner.verify(clientId, username, password, settings.deviceSecrets());
        if (result instanceof DeviceAuthResult.Denied denied) {
            LOG.warning(() -> "refused CONNECT from " + connection.getRemoteAddress() + " clientId '" + clientId
                    + "' username '" + username + "': " + denied.reason().code() + " (" + denied.detail() + ")");
            return null;
        }
        DeviceAuthResult.Accepted accepted = (DeviceAuthResult.Accepted) result;
        String who = accepted.productKey() + "/" + accepted.deviceName();
        if (keepAlive.isEmpty() || keepAlive.getAsInt() < settings.minKeepAliveSeconds()
                || keepAlive.getAsInt() > settings.maxKeepAliveSeconds()) {
            String asked = keepAlive.isEmpty() ? "none" : keepAlive.getAsInt() + " s";
            LOG.warning(() -> "refused CONNECT of device " + who + ": keepalive " + asked + " is outside "
                    + settings.minKeepAliveSeconds() + ".." + settings.maxKeepAliveSeconds() + " s");
            return null;
        }
        DevicePrincipal device = new DevicePrincipal(accepted.productKey(), accepted.deviceName(), accepted.clientId());
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(username));
        subject.getPrincipals().add(device);
        subject.setReadOnly();
        // Artemis attaches the subject after this returns; presence needs it to recognise the connection later.
        connection.setSubject(subject);
        presence.connected(device, connection);
        return subject;
    }

    private Subject authenticateConsumerGroup(String userName, String password, RemotingConnection connection) {
        AmqpAuthResult result = AmqpSigner.verify(userName, password,
                akId -> Optional.ofNullable(settings.accessKeys().get(akId)), clock.getAsLong(),
                settings.amqpTimestampWindow());
        if (result instanceof AmqpAuthResult.Denied denied) {
            LOG.warning(() -> "refused AMQP login from " + connection.getRemoteAddress() + " userName '" + userName
                    + "': " + denied.reason().code() + " (" + denied.detail() + ")");
            return null;
        }
        AmqpAuthResult.Accepted accepted = (AmqpAuthResult.Accepted) result;
        if (!settings.consumerGroupExists().test(accepted.consumerGroupId())) {
            LOG.warning(() -> "refused AMQP login of " + accepted.accessKeyId() + " clientId " + accepted.clientId()
                    + ": consumer group '" + accepted.consumerGroupId() + "' does not exist");
            return null;
        }
        if (!settings.instanceId().equals(accepted.iotInstanceId())) {
            LOG.warning(() -> "refused AMQP login of " + accepted.accessKeyId() + " clientId " + accepted.clientId()
                    + ": iotInstanceId '" + accepted.iotInstanceId() + "' is not this instance ("
                    + settings.instanceId() + ")");
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(userName));
        subject.getPrincipals().add(new ConsumerGroupPrincipal(accepted.consumerGroupId(), accepted.accessKeyId(),
                accepted.clientId()));
        subject.setReadOnly();
        connection.setSubject(subject);
        return subject;
    }

    private static String userName(Subject subject) {
        for (UserPrincipal principal : subject.getPrincipals(UserPrincipal.class)) {
            return principal.getName();
        }
        return null;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject != null) {
            for (var principal : subject.getPrincipals()) {
                if (principal instanceof DevicePrincipal device) {
                    return authorizeDevice(device, checkType, address);
                }
                if (principal instanceof ConsumerGroupPrincipal group) {
                    return authorizeConsumerGroup(group, checkType, address);
                }
            }
        }
        LOG.warning(() -> "refused " + checkType + " on '" + address + "' for an unauthenticated connection");
        return false;
    }

    private boolean authorizeDevice(DevicePrincipal device, CheckType checkType, String address) {
        String topic = CompositeAddress.extractAddressName(address);
        boolean allowed = switch (checkType) {
            case SEND -> topic.equals(device.dataUpTopic());
            // Subscribing creates and consumes a queue on the topic; publishing may auto-create its address.
            case CREATE_ADDRESS -> topic.equals(device.dataUpTopic()) || topic.equals(device.cmdDownTopic());
            case CREATE_NON_DURABLE_QUEUE, CREATE_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE, DELETE_DURABLE_QUEUE,
                    CONSUME -> topic.equals(device.cmdDownTopic());
            default -> false;
        };
        if (!allowed) {
            LOG.warning(() -> "device " + device.getName() + " (clientId " + device.clientId() + ") refused "
                    + describe(checkType) + " '" + topic + "': a device may only publish to " + device.dataUpTopic()
                    + " and subscribe to " + device.cmdDownTopic());
        } else if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("device " + device.getName() + " allowed " + checkType + " on " + address);
        }
        return allowed;
    }

    private boolean authorizeConsumerGroup(ConsumerGroupPrincipal group, CheckType checkType, String address) {
        String ownQueue = CompositeAddress.toFullyQualified(settings.groupBindingAddress(), group.consumerGroupId());
        boolean allowed = (checkType == CheckType.CONSUME || checkType == CheckType.BROWSE) && ownQueue.equals(address);
        if (!allowed) {
            LOG.warning(() -> "consumer group " + group.consumerGroupId() + " (accessKeyId " + group.accessKeyId()
                    + ", clientId " + group.clientId() + ") refused " + describe(checkType) + " '" + address
                    + "': it may only receive from " + ownQueue);
        }
        return allowed;
    }

    private static String describe(CheckType checkType) {
        return switch (checkType) {
            case SEND -> "publish to";
            case CONSUME -> "consume from";
            case CREATE_NON_DURABLE_QUEUE, CREATE_DURABLE_QUEUE -> "subscribe to";
            // The first use of a topic creates its address, whether by publishing or subscribing.
            case CREATE_ADDRESS -> "publish or subscribe to";
            default -> checkType.name() + " on";
        };
    }
}
