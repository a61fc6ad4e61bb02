package io.meterlink.ingest.bench;

import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.platform.UplinkMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.core.transaction.impl.TransactionImpl;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills the stand-in's consumer-group queue with a backlog, stamped as the stand-in's rules engine stamps forwarded
 * publishes ({@code topic}, a unique decimal {@code messageId}, {@code generateTime}; body = payload bytes).
 *
 * <p>Why not {@code IotPlatform.preload}: it gives every message the device's topic as its Artemis address, and
 * Artemis keeps a paging store per address, about 15 KB of heap each: 100,000 distinct meters need over 1.5 GB in the
 * stand-in alone (measured: 10,002 {@code PagingStoreImpl} live for a 10,000-meter backlog, and an OutOfMemoryError
 * at -Xmx2g for 100,000). Here the messages carry the queue's own address; the {@code topic} property, which is all a
 * consumer of the platform sees, is unchanged.
 */
final class BenchPreload {

    private static final AtomicLong MESSAGE_IDS = new AtomicLong(9_000_000_000_000L);
    private static final int COMMIT_EVERY = 1000;

    private BenchPreload() {
    }

    /** Adds the messages to the group's queue and returns once the queue has taken them all in. */
    static void preload(IotPlatform platform, String group, List<UplinkMessage> uplinks) {
        ActiveMQServer server = platform.broker().server();
        SimpleString queueName = SimpleString.of(group);
        Queue queue = server.locateQueue(queueName);
        Binding binding = server.getPostOffice().getBinding(queueName);
        long before = queue.getMessagesAdded();
        try {
            Transaction tx = new TransactionImpl(server.getStorageManager());
            int inTx = 0;
            for (UplinkMessage uplink : uplinks) {
                long now = System.currentTimeMillis();
                byte[] payload = uplink.payload();
                CoreMessage message = new CoreMessage(server.getStorageManager().generateID(), payload.length + 128);
                message.setAddress(queue.getAddress());
                message.setType(Message.BYTES_TYPE);
                message.getBodyBuffer().writeBytes(payload);
                message.setDurable(true);
                message.setTimestamp(now);
                message.putStringProperty("topic", uplink.topic());
                message.putStringProperty("messageId", Long.toString(MESSAGE_IDS.incrementAndGet()));
                message.putLongProperty("generateTime", now);
                server.getPostOffice().route(message, tx, false, false, binding);
                if (++inTx == COMMIT_EVERY) {
                    tx.commit();
                    tx = new TransactionImpl(server.getStorageManager());
                    inTx = 0;
                }
            }
            tx.commit();
        } catch (Exception e) {
            throw new IllegalStateException("cannot preload " + group, e);
        }
        queue.flushExecutor();
        Awaitility.await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofMinutes(2))
                .until(() -> queue.getMessagesAdded() >= before + uplinks.size());
    }
}
