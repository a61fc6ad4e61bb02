package io.meterlink.ingest.support;

import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.quarkus.IotPlatformResource;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.core.transaction.impl.TransactionImpl;

/**
 * Puts hand-made messages into the ingest consumer group's queue of the stand-in, stamped like the rules engine
 * stamps forwarded publishes. For what a device cannot produce: a redelivery (same messageId and generateTime
 * again), or what a misconfigured rule would forward (other topics, missing properties).
 */
public final class PlatformQueue {

    /** The consumer group ingest reads in the tests. */
    public static final String GROUP = IotPlatformResource.INGEST_GROUP;

    private PlatformQueue() {
    }

    public static IotPlatform platform() {
        return IotPlatformResource.platform();
    }

    /** Messages waiting in the ingest group's queue, including delivered but unsettled ones. */
    public static long depth() {
        return platform().queueDepth(IotPlatformResource.INGEST_GROUP);
    }

    /**
     * Adds one message; {@code null} properties are left out.
     *
     * @param generateTime a Long, or any other value to send a property of the wrong type
     */
    public static void put(String topic, String messageId, Object generateTime, byte[] payload) {
        ActiveMQServer server = platform().broker().server();
        CoreMessage message = new CoreMessage(server.getStorageManager().generateID(), payload.length + 256);
        message.setAddress(topic == null ? "/unknown" : topic);
        message.setType(Message.BYTES_TYPE);
        message.getBodyBuffer().writeBytes(payload);
        message.setDurable(true);
        message.setTimestamp(System.currentTimeMillis());
        if (topic != null) {
            message.putStringProperty("topic", topic);
        }
        if (messageId != null) {
            message.putStringProperty("messageId", messageId);
        }
        if (generateTime instanceof Long ms) {
            message.putLongProperty("generateTime", ms);
        } else if (generateTime != null) {
            message.putStringProperty("generateTime", generateTime.toString());
        }
        SimpleString queueName = SimpleString.of(IotPlatformResource.INGEST_GROUP);
        Binding binding = server.getPostOffice().getBinding(queueName);
        try {
            Transaction tx = new TransactionImpl(server.getStorageManager());
            server.getPostOffice().route(message, tx, false, false, binding);
            tx.commit();
        } catch (Exception e) {
            throw new IllegalStateException("cannot put a message into the ingest queue", e);
        }
        // Committed references reach the queue through its executor.
        server.locateQueue(queueName).flushExecutor();
    }
}
