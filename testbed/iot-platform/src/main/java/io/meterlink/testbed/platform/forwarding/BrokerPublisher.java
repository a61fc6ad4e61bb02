package io.meterlink.testbed.platform.forwarding;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.Bindings;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.core.transaction.impl.TransactionImpl;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Puts messages the platform itself originates (status notifications, Pub deliveries, preloaded data) straight into
 * the broker's post office: no client connection, no security check, the same routing and persistence as a publish.
 */
public final class BrokerPublisher {

    private final ActiveMQServer server;

    public BrokerPublisher(ActiveMQServer server) {
        this.server = server;
    }

    /** A bytes message (AMQP consumers see a Data section, MQTT subscribers the raw payload) for {@code address}. */
    public Message message(String address, byte[] payload, boolean durable, long timestampMs) {
        CoreMessage message = new CoreMessage(server.getStorageManager().generateID(), payload.length + 256);
        message.setAddress(address);
        message.setType(Message.BYTES_TYPE);
        message.getBodyBuffer().writeBytes(payload);
        message.setDurable(durable);
        message.setTimestamp(timestampMs);
        return message;
    }

    /** Routes to every queue bound (directly or by wildcard) to the message's address, as a publish would. */
    public RoutingStatus route(Message message) {
        try {
            ensureAddress(message.getAddressSimpleString());
            return server.getPostOffice().route(message, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot route a message to " + message.getAddress(), e);
        }
    }

    /** A transaction for a batch of {@link #routeTo} calls; commit it to make the batch visible at once. */
    public Transaction transaction() {
        return new TransactionImpl(server.getStorageManager());
    }

    /** Puts the message into exactly one queue, whatever its address and the queue's filter. */
    public void routeTo(Message message, String queueName, Transaction tx) {
        Binding binding = server.getPostOffice().getBinding(SimpleString.of(queueName));
        if (binding == null) {
            throw new IllegalArgumentException("no queue named " + queueName);
        }
        try {
            server.getPostOffice().route(message, tx, false, false, binding);
        } catch (Exception e) {
            throw new IllegalStateException("cannot put a message into " + queueName, e);
        }
    }

    public void commit(Transaction tx) {
        try {
            tx.commit();
        } catch (Exception e) {
            throw new IllegalStateException("cannot commit a batch of messages", e);
        }
    }

    /** How many messages the queue has taken in since it was created. */
    public long messagesAdded(String queueName) {
        return queue(queueName).getMessagesAdded();
    }

    /**
     * Waits until the queue has taken in {@code target} messages in total: committed references are added after the
     * journal write completes, on Artemis' threads.
     */
    public void awaitAdded(String queueName, long target, Duration timeout) {
        Queue queue = queue(queueName);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            queue.flushExecutor();
            if (queue.getMessagesAdded() >= target) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(queueName + " took in " + queue.getMessagesAdded() + " of " + target
                        + " messages within " + timeout);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Removes MQTT subscription queues ({@code <clientId>.<topic>}) bound to exactly {@code address} that nobody
     * consumes, except {@code keep}: subscriptions of earlier, abandoned sessions that would otherwise collect copies
     * of every later message forever. Queues reaching the address through wildcards (consumer groups) are not
     * touched.
     */
    public void dropAbandonedQueues(String address, String keep) {
        try {
            Bindings bindings = server.getPostOffice().lookupBindingsForAddress(SimpleString.of(address));
            if (bindings == null) {
                return;
            }
            for (Binding binding : bindings.getBindings()) {
                if (binding instanceof LocalQueueBinding local
                        && local.getAddress().toString().equals(address)
                        && local.getQueue().getName().toString().endsWith("." + address)
                        && local.getQueue().getConsumerCount() == 0
                        && !local.getQueue().getName().toString().equals(keep)) {
                    server.destroyQueue(local.getQueue().getName(), null, false);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot drop abandoned subscriptions of " + address, e);
        }
    }

    private Queue queue(String queueName) {
        Queue queue = server.locateQueue(SimpleString.of(queueName));
        if (queue == null) {
            throw new IllegalArgumentException("no queue named " + queueName);
        }
        return queue;
    }

    private void ensureAddress(SimpleString address) throws Exception {
        if (server.getAddressInfo(address) == null) {
            server.addAddressInfo(new AddressInfo(address, RoutingType.MULTICAST));
        }
    }
}
