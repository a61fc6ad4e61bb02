package io.meterlink.testbed.platform.device;

import io.meterlink.domain.signing.DeviceKey;
import io.meterlink.domain.topic.TopicDirection;
import io.meterlink.domain.topic.TopicMapping;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConsumerPlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

import java.util.Optional;

/**
 * Broker hooks that keep {@link DevicePresence} and command delivery in step with what actually happens on the
 * wire: connections closing (for whatever reason: DISCONNECT, keepalive timeout, takeover) and consumers appearing
 * on or leaving a device's {@code cmd/down} topic.
 */
public final class DeviceLifecyclePlugin implements ActiveMQServerConnectionPlugin, ActiveMQServerConsumerPlugin {

    private final DevicePresence presence;
    private final CommandSubscriptions commands;

    public DeviceLifecyclePlugin(DevicePresence presence, CommandSubscriptions commands) {
        this.presence = presence;
        this.commands = commands;
    }

    @Override
    public void afterDestroyConnection(RemotingConnection connection) {
        presence.disconnected(connection);
    }

    @Override
    public void afterCreateConsumer(ServerConsumer consumer) {
        commandTopic(consumer).ifPresent(device -> commands.subscribed(device, consumer.getQueue().getName().toString()));
    }

    @Override
    public void afterCloseConsumer(ServerConsumer consumer, boolean failed) {
        commandTopic(consumer).ifPresent(commands::unsubscribed);
    }

    /** The device whose cmd/down topic the consumer reads, if it reads one. */
    private static Optional<DeviceKey> commandTopic(ServerConsumer consumer) {
        if (consumer.getQueue() == null) {
            return Optional.empty();
        }
        return TopicMapping.parse(consumer.getQueue().getAddress().toString())
                .filter(topic -> topic.direction() == TopicDirection.CMD_DOWN)
                .map(topic -> new DeviceKey(topic.productKey(), topic.deviceName()));
    }
}
