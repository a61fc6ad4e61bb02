package io.meterlink.testbed.platform.legacy;

import io.meterlink.domain.topic.TopicMapping;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerQueuePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the self-managed cluster told meters apart although every meter's firmware uses the same two topics: each
 * meter's MQTT clientId is its deviceName, and the cluster mounted a client's traffic under it. Here:
 * <ul>
 * <li>a publish on {@code cdb/data/post} is also delivered on {@code cdb/data/post/<clientId>}, so the backend
 * subscribing to {@code cdb/data/post/+} learns which meter sent the (identity-less) frame;</li>
 * <li>a publish on {@code cdb/cmd/push/<deviceName>} is also delivered on {@code cdb/cmd/push}, but only to the
 * subscription of the client whose clientId is {@code <deviceName>}: the meter sees it on {@code cdb/cmd/push},
 * exactly the topic it subscribed to;</li>
 * <li>a publish on bare {@code cdb/cmd/push} reaches every meter (the shared topic, as before).</li>
 * </ul>
 */
public final class LegacyTopics implements ActiveMQServerMessagePlugin, ActiveMQServerQueuePlugin {

    /** Internal message property naming the one meter a command is for. */
    static final String TARGET = "legacyTarget";

    private static final Logger LOG = Logger.getLogger(LegacyTopics.class.getName());
    private static final SimpleString TARGET_KEY = SimpleString.of(TARGET);
    private static final String DATA_POST = TopicMapping.LEGACY_DATA_POST;
    private static final String CMD_PUSH = TopicMapping.LEGACY_CMD_PUSH;
    private static final String CMD_PUSH_PREFIX = CMD_PUSH + "/";
    private static final String SUBSCRIPTION_SUFFIX = "." + CMD_PUSH;

    private volatile ActiveMQServer server;

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    /*
     * Artemis' MQTT layer passes the topic to the session explicitly, so a plugin cannot re-address the publish itself;
     * the meter-specific copy is routed next to it instead (the original goes on to its own topic, where normally
     * nobody listens).
     */
    @Override
    public void afterSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue, RoutingStatus result) {
        String address = message.getAddress();
        if (DATA_POST.equals(address)) {
            String clientId = session.getRemotingConnection() == null ? null
                    : session.getRemotingConnection().getClientID();
            if (clientId == null || clientId.isEmpty() || clientId.indexOf('/') >= 0 || clientId.indexOf('+') >= 0
                    || clientId.indexOf('#') >= 0) {
                LOG.warning(() -> "legacy publish on " + DATA_POST + " from clientId '" + clientId
                        + "' not forwarded: the clientId cannot be a topic level");
                return;
            }
            routeCopy(message, DATA_POST + "/" + clientId, null, tx);
        } else if (address != null && address.startsWith(CMD_PUSH_PREFIX)) {
            String deviceName = address.substring(CMD_PUSH_PREFIX.length());
            if (!deviceName.isEmpty() && deviceName.indexOf('/') < 0 && deviceName.indexOf('+') < 0
                    && deviceName.indexOf('#') < 0) {
                routeCopy(message, CMD_PUSH, deviceName, tx);
            }
        }
    }

    private void routeCopy(Message original, String address, String target, Transaction tx) {
        try {
            Message copy = original.copy(server.getStorageManager().generateID());
            copy.setAddress(address);
            if (target != null) {
                copy.putStringProperty(TARGET_KEY, SimpleString.of(target));
            }
            SimpleString name = SimpleString.of(address);
            if (server.getAddressInfo(name) == null) {
                server.addAddressInfo(new AddressInfo(name, RoutingType.MULTICAST));
            }
            server.getPostOffice().route(copy, tx, true);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "legacy broker could not route a copy of a publish on " + original.getAddress()
                    + " to " + address, e);
        }
    }

    @Override
    public void beforeCreateQueue(QueueConfiguration queue) {
        if (queue.getAddress() == null || !CMD_PUSH.equals(queue.getAddress().toString())) {
            return;
        }
        // MQTT names a subscription queue <clientId>.<topic>.
        String name = queue.getName().toString();
        if (!name.endsWith(SUBSCRIPTION_SUFFIX)) {
            return;
        }
        String clientId = name.substring(0, name.length() - SUBSCRIPTION_SUFFIX.length());
        String mine = TARGET + " IS NULL OR " + TARGET + " = '" + clientId.replace("'", "''") + "'";
        String existing = queue.getFilterString() == null ? null : queue.getFilterString().toString();
        queue.setFilterString(existing == null || existing.isBlank() ? mine : "(" + existing + ") AND (" + mine + ")");
    }
}
