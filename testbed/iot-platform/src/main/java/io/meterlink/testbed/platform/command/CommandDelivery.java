package io.meterlink.testbed.platform.command;

import io.meterlink.domain.signing.DeviceKey;
import io.meterlink.domain.topic.PlatformTopic;
import io.meterlink.domain.topic.TopicDirection;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.domain.topic.TopicParse;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.device.CommandSubscriptions;
import io.meterlink.testbed.platform.forwarding.BrokerPublisher;
import io.meterlink.testbed.platform.forwarding.MessageIds;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.core.server.ActiveMQServer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The platform side of the {@code Pub} API: puts a command on a registered device's {@code cmd/down} topic at the
 * requested QoS. A device that is not consuming that topic (offline, or connected but not yet subscribed) gets QoS 1
 * messages kept, in order, and delivered the moment it subscribes; QoS 0 messages to it are dropped, as on Alibaba.
 * Kept messages live in memory for the lifetime of the stand-in (Alibaba keeps them up to 7 days), which replaces
 * the broker's own persistent MQTT sessions: those are keyed by the full clientId, which changes with every signed
 * timestamp, so a device's earlier sessions are abandoned and their queues dropped when it subscribes again.
 */
public final class CommandDelivery implements CommandSubscriptions {

    /** Alibaba-style refusal codes (the platform's own list is in its API error-code reference). */
    public static final String DEVICE_NOT_FOUND = "iot.device.NotExistedDevice";
    public static final String INVALID_TOPIC = "iot.messagebroker.InvalidFormattedTopicName";
    public static final String INVALID_PARAMETER = "iot.system.IllegalRequest";

    private static final Logger LOG = Logger.getLogger(CommandDelivery.class.getName());

    private static final class Inbox {
        int consumers;
        final Deque<Message> kept = new ArrayDeque<>();
    }

    private final DeviceRegistry registry;
    private final MessageIds messageIds;
    private final LongSupplier clock;
    private final int keptPerDevice;
    private final ConcurrentMap<DeviceKey, Inbox> inboxes = new ConcurrentHashMap<>();
    private volatile BrokerPublisher publisher;

    /** @param keptPerDevice how many QoS 1 messages are kept for a device that cannot receive; the oldest go first */
    public CommandDelivery(DeviceRegistry registry, MessageIds messageIds, LongSupplier clock, int keptPerDevice) {
        this.registry = registry;
        this.messageIds = messageIds;
        this.clock = clock;
        this.keptPerDevice = keptPerDevice;
    }

    public void attach(ActiveMQServer server) {
        this.publisher = new BrokerPublisher(server);
    }

    /**
     * Publishes {@code content} to {@code topicFullName}.
     *
     * @param productKey the product the API call names; the topic must belong to a device of it
     */
    public CommandOutcome deliver(String productKey, String topicFullName, byte[] content, int qos) {
        if (qos != 0 && qos != 1) {
            return new CommandOutcome.Refused(INVALID_PARAMETER, "Qos " + qos + " is not 0 or 1");
        }
        TopicParse parse = TopicMapping.parseOrReason(topicFullName);
        if (!(parse instanceof TopicParse.Parsed parsed)) {
            return new CommandOutcome.Refused(INVALID_TOPIC, "TopicFullName: " + ((TopicParse.Rejected) parse).reason());
        }
        PlatformTopic topic = parsed.topic();
        if (topic.direction() != TopicDirection.CMD_DOWN) {
            return new CommandOutcome.Refused(INVALID_TOPIC, "TopicFullName " + topicFullName
                    + " is not a topic the device subscribes to (/" + topic.productKey() + "/" + topic.deviceName()
                    + "/user/cmd/down)");
        }
        if (!topic.productKey().equals(productKey)) {
            return new CommandOutcome.Refused(INVALID_TOPIC, "TopicFullName " + topicFullName
                    + " does not belong to ProductKey " + productKey);
        }
        if (!registry.contains(topic.productKey(), topic.deviceName())) {
            return new CommandOutcome.Refused(DEVICE_NOT_FOUND, "device " + topic.productKey() + "/"
                    + topic.deviceName() + " does not exist");
        }
        String messageId = messageIds.next();
        Message message = publisher.message(topicFullName, content, qos == 1, clock.getAsLong());
        message.putIntProperty(MQTTUtil.MQTT_QOS_LEVEL_KEY, qos);
        DeviceKey device = new DeviceKey(topic.productKey(), topic.deviceName());
        Inbox inbox = inboxes.computeIfAbsent(device, k -> new Inbox());
        synchronized (inbox) {
            if (inbox.consumers > 0) {
                publisher.route(message);
                return new CommandOutcome.Accepted(messageId, CommandOutcome.Fate.DELIVERED);
            }
            if (qos == 0) {
                return new CommandOutcome.Accepted(messageId, CommandOutcome.Fate.DROPPED_DEVICE_OFFLINE);
            }
            if (inbox.kept.size() >= keptPerDevice) {
                inbox.kept.removeFirst();
                LOG.warning(() -> "device " + device.productKey() + "/" + device.deviceName() + " has "
                        + keptPerDevice + " QoS 1 messages waiting; dropped the oldest");
            }
            inbox.kept.addLast(message);
            return new CommandOutcome.Accepted(messageId, CommandOutcome.Fate.KEPT_FOR_OFFLINE_DEVICE);
        }
    }

    /** QoS 1 messages waiting for the device to subscribe. */
    public int keptFor(String productKey, String deviceName) {
        Inbox inbox = inboxes.get(new DeviceKey(productKey, deviceName));
        if (inbox == null) {
            return 0;
        }
        synchronized (inbox) {
            return inbox.kept.size();
        }
    }

    @Override
    public void subscribed(DeviceKey device, String queueName) {
        Inbox inbox = inboxes.computeIfAbsent(device, k -> new Inbox());
        synchronized (inbox) {
            inbox.consumers++;
            publisher.dropAbandonedQueues("/" + device.productKey() + "/" + device.deviceName() + "/user/cmd/down",
                    queueName);
            int count = inbox.kept.size();
            while (!inbox.kept.isEmpty()) {
                publisher.route(inbox.kept.removeFirst());
            }
            if (count > 0) {
                LOG.info(() -> "delivered " + count + " kept QoS 1 messages to " + device.productKey() + "/"
                        + device.deviceName());
            }
        }
    }

    @Override
    public void unsubscribed(DeviceKey device) {
        Inbox inbox = inboxes.get(device);
        if (inbox != null) {
            synchronized (inbox) {
                inbox.consumers = Math.max(0, inbox.consumers - 1);
            }
        }
    }
}
