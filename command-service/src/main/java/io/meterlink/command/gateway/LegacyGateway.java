package io.meterlink.command.gateway;

import io.meterlink.command.config.CommandServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jboss.logging.Logger;

/**
 * Downlink for meters still on the self-managed MQTT cluster: publishes the same frame the platform would carry on
 * {@code cdb/cmd/push/${deviceName}} (the cluster hands it to the meter on {@code cdb/cmd/push}, see
 * testbed/iot-platform/README.md). Connects in the background and keeps reconnecting, so a cluster outage delays
 * legacy commands (retryable {@code Legacy.Unavailable}) instead of stopping the service.
 */
@ApplicationScoped
public class LegacyGateway implements CommandGateway {

    /** The broker cannot be reached right now; worth retrying. */
    public static final String UNAVAILABLE = "Legacy.Unavailable";
    /** Legacy delivery is switched off by configuration. */
    public static final String DISABLED = "Legacy.Disabled";
    /** The broker did not acknowledge in time; it may still deliver, so the command is in doubt, not sent again. */
    public static final String TIMEOUT = "Legacy.Timeout";
    /** The connection ended after the PUBLISH was handed to it; the broker may have taken it. */
    public static final String LOST = "Legacy.ConnectionLost";

    private static final Logger LOG = Logger.getLogger(LegacyGateway.class);

    private final CommandServiceConfig.Legacy config;
    private volatile MqttAsyncClient client;
    private volatile boolean closed;

    public LegacyGateway(CommandServiceConfig config) {
        this.config = config.legacy();
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            connectIfNeeded();
        }
    }

    /** Initial connects are not retried by Paho itself; this keeps trying until the cluster answers. */
    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void connectIfNeeded() {
        if (closed || !config.enabled() || isConnected()) {
            return;
        }
        try {
            if (client == null) {
                client = new MqttAsyncClient(config.mqttUri(), "command-service-" + UUID.randomUUID().toString()
                        .substring(0, 8), new MemoryPersistence());
            }
            client.connect(options()).waitForCompletion(config.publishTimeout().toMillis());
            LOG.infof("connected to the legacy MQTT cluster at %s", config.mqttUri());
        } catch (MqttException e) {
            LOG.warnf("legacy MQTT cluster at %s not reachable yet: %s", config.mqttUri(), e.getMessage());
        }
    }

    MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout((int) Math.max(1, config.publishTimeout().toSeconds()));
        // One in-flight publish per sender worker and then some; Paho's default of 10 would refuse the rest.
        options.setMaxInflight(1000);
        config.username().ifPresent(options::setUserName);
        config.password().ifPresent(p -> options.setPassword(p.toCharArray()));
        return options;
    }

    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    /** The topic one meter's commands go to. */
    public String topicFor(String deviceName) {
        return config.commandTopic().replace("{deviceName}", deviceName);
    }

    @Override
    public SendOutcome send(String productKey, String deviceName, String payload) {
        if (!config.enabled()) {
            return new SendOutcome.Refused(DISABLED, "legacy delivery is disabled (meterlink.command.legacy.enabled)");
        }
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return new SendOutcome.Refused(UNAVAILABLE, "not connected to the legacy MQTT cluster " + config.mqttUri());
        }
        IMqttDeliveryToken token;
        try {
            token = c.publish(topicFor(deviceName), payload.getBytes(StandardCharsets.US_ASCII), config.qos(), false);
        } catch (MqttException e) {
            // Refused by the client before anything was written (not connected, disconnecting, too many in flight).
            return new SendOutcome.Refused(UNAVAILABLE, "publish to " + config.mqttUri() + " not sent: "
                    + reason(e));
        }
        try {
            token.waitForCompletion(config.publishTimeout().toMillis());
            // The cluster has no message ids of its own; a generated one keeps SENT rows uniform.
            return new SendOutcome.Delivered("legacy-" + UUID.randomUUID());
        } catch (MqttException e) {
            // The PUBLISH was handed to the connection: whatever ended the wait (no PUBACK in time, connection lost),
            // the broker may have taken it, so it is never published again.
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
                return SendOutcome.inDoubt(TIMEOUT, "no acknowledgement from " + config.mqttUri() + " within "
                        + config.publishTimeout());
            }
            return SendOutcome.inDoubt(LOST, "publish to " + config.mqttUri() + " interrupted after it was sent: "
                    + reason(e));
        }
    }

    private static String reason(MqttException e) {
        return e.getMessage() + " (reason " + e.getReasonCode() + ")";
    }

    void stop(@Observes ShutdownEvent event) {
        closed = true;
        close(client, "the legacy MQTT client");
    }

    /**
     * Disconnects (waiting up to 2 s for the broker) and releases a legacy-cluster client; shared with the
     * observer of legacy uplink, which keeps a connection of its own. {@code null} is ignored.
     */
    public static void close(MqttAsyncClient client, String what) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.debugf("closing %s: %s", what, e.getMessage());
        }
    }
}
