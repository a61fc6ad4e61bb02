package io.meterlink.testbed.platform.forwarding;

import io.meterlink.domain.signing.DeviceKey;
import io.meterlink.testbed.platform.ConsumerGroup;
import io.meterlink.testbed.platform.UplinkMessage;
import io.meterlink.testbed.platform.device.DevicePresence;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.utils.CompositeAddress;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The rules engine's "forward to AMQP consumer group" action. Each consumer group owns one durable queue, named after
 * the group and bound to {@value #GROUP_BINDING_ADDRESS} (every device-side topic) with a filter selecting what the
 * group opted into; so Artemis itself fans a publish out to the groups, holds unsettled messages and redelivers them.
 * Before routing, every device publish on a {@code data/up} topic is stamped with Alibaba's application properties
 * {@code topic}, {@code messageId} and {@code generateTime}; status changes become messages on
 * {@code /as/mqtt/status/${pk}/${dn}} stamped the same way. Bodies are never touched.
 */
public final class RulesEngine implements ActiveMQServerMessagePlugin, DevicePresence.Listener {

    /** Where every consumer group queue is bound; the AMQP source address is {@code /#::<groupId>}. */
    public static final String GROUP_BINDING_ADDRESS = "/#";
    public static final String TOPIC = "topic";
    public static final String MESSAGE_ID = "messageId";
    public static final String GENERATE_TIME = "generateTime";

    private static final SimpleString TOPIC_KEY = SimpleString.of(TOPIC);
    private static final SimpleString MESSAGE_ID_KEY = SimpleString.of(MESSAGE_ID);
    private static final SimpleString GENERATE_TIME_KEY = SimpleString.of(GENERATE_TIME);
    private static final String DATA_UP_SUFFIX = "/user/data/up";
    private static final String DATA_FILTER = "topic LIKE '/%/user/data/up'";
    private static final String STATUS_FILTER = "topic LIKE '/as/mqtt/status/%'";

    private final MessageIds messageIds;
    private final LongSupplier clock;
    private volatile BrokerPublisher publisher;

    public RulesEngine(MessageIds messageIds, LongSupplier clock) {
        this.messageIds = messageIds;
        this.clock = clock;
    }

    /** The AMQP receiver source address of a group's queue (Artemis fully-qualified queue name). */
    public static String amqpAddress(String groupId) {
        return CompositeAddress.toFullyQualified(GROUP_BINDING_ADDRESS, groupId);
    }

    /** Called once the broker runs: status messages and preloads are routed through it. */
    public void attach(ActiveMQServer server) {
        this.publisher = new BrokerPublisher(server);
    }

    /** Creates the group's durable queue unless it exists (a restarted stand-in keeps its backlog). */
    public static void createQueue(ActiveMQServer server, ConsumerGroup group) {
        try {
            if (server.locateQueue(SimpleString.of(group.id())) != null) {
                return;
            }
            server.createQueue(QueueConfiguration.of(group.id())
                    .setAddress(GROUP_BINDING_ADDRESS)
                    .setRoutingType(RoutingType.MULTICAST)
                    .setFilterString(filter(group))
                    .setDurable(true)
                    .setAutoCreateAddress(true));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the queue of consumer group " + group.id(), e);
        }
    }

    /** The queue filter selecting what a group opted into. */
    static String filter(ConsumerGroup group) {
        if (group.data() && group.status()) {
            return "(" + DATA_FILTER + ") OR (" + STATUS_FILTER + ")";
        }
        return group.data() ? DATA_FILTER : STATUS_FILTER;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) {
        String address = message.getAddress();
        if (address != null && address.endsWith(DATA_UP_SUFFIX)) {
            // Artemis' MQTT bookkeeping would reach AMQP consumers as extra application properties; Alibaba sends
            // only its own three. No MQTT client ever receives a data/up message, so nothing needs them.
            message.removeProperty(MQTTUtil.MQTT_QOS_LEVEL_KEY);
            message.removeProperty(MQTTUtil.MQTT_MESSAGE_RETAIN_KEY);
            stamp(message, address, clock.getAsLong());
        }
    }

    private void stamp(Message message, String topic, long nowMs) {
        message.putStringProperty(TOPIC_KEY, SimpleString.of(topic));
        message.putStringProperty(MESSAGE_ID_KEY, SimpleString.of(messageIds.next()));
        message.putLongProperty(GENERATE_TIME_KEY, nowMs);
    }

    @Override
    public void online(DeviceKey device, String clientIp, long atMs, long lastMs) {
        publishStatus(true, device, clientIp, atMs, lastMs);
    }

    @Override
    public void offline(DeviceKey device, String clientIp, long atMs, long lastMs) {
        publishStatus(false, device, clientIp, atMs, lastMs);
    }

    private void publishStatus(boolean online, DeviceKey device, String clientIp, long atMs, long lastMs) {
        String topic = StatusMessages.topic(device.productKey(), device.deviceName());
        byte[] body = StatusMessages.body(online, device.productKey(), device.deviceName(), atMs, lastMs, clientIp);
        Message message = publisher.message(topic, body, true, atMs);
        stamp(message, topic, atMs);
        publisher.route(message);
    }

    /** Forwards a message as if the device had published it: every group that takes data receives it. */
    public void forward(UplinkMessage uplink) {
        long now = clock.getAsLong();
        Message message = publisher.message(uplink.topic(), uplink.payload(), true, now);
        stamp(message, uplink.topic(), now);
        publisher.route(message);
    }

    /**
     * Puts messages straight into one group's queue, stamped exactly like forwarded publishes, committing in batches
     * so a benchmark can fill a queue with 100,000 messages in seconds. Returns once every message is in the queue.
     *
     * @return how many messages were added
     */
    public int preload(String groupId, Iterable<UplinkMessage> messages) {
        int batch = 1000;
        int count = 0;
        long addedBefore = publisher.messagesAdded(groupId);
        Transaction tx = publisher.transaction();
        for (UplinkMessage uplink : messages) {
            long now = clock.getAsLong();
            // The address the group queues are bound to, not the device topic: Artemis keeps a paging store (~15 KB
            // of heap) per address, so a 100,000-meter backlog addressed by topic needed over 1.5 GB. The topic
            // property, all a consumer of the platform sees, is the device's.
            Message message = publisher.message(GROUP_BINDING_ADDRESS, uplink.payload(), true, now);
            stamp(message, uplink.topic(), now);
            publisher.routeTo(message, groupId, tx);
            if (++count % batch == 0) {
                publisher.commit(tx);
                tx = publisher.transaction();
            }
        }
        publisher.commit(tx);
        // Committed references reach the queue asynchronously; wait so the depth is exact on return.
        publisher.awaitAdded(groupId, addedBefore + count, Duration.ofMinutes(2));
        return count;
    }
}
