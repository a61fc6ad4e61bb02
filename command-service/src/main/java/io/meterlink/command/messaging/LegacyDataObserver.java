package io.meterlink.command.messaging;

import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.gateway.LegacyGateway;
import io.meterlink.command.service.MeterService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jboss.logging.Logger;

/**
 * Watches the legacy cluster's data topic ({@code cdb/data/post/${deviceName}}) to learn which not-yet-migrated
 * meters are alive there, for the migration report's "legacy" versus "never seen". Only the deviceName of each frame
 * is kept; names are collected in memory and written once a second in one statement, so 100,000 meters reporting
 * cost a handful of writes, not one per frame.
 */
@ApplicationScoped
public class LegacyDataObserver implements MqttCallbackExtended {

    private static final Logger LOG = Logger.getLogger(LegacyDataObserver.class);

    private final CommandServiceConfig.Legacy config;
    private final MeterService meters;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile MqttAsyncClient client;
    private volatile boolean closed;

    public LegacyDataObserver(CommandServiceConfig config, MeterService meters) {
        this.config = config.legacy();
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) {
        connectIfNeeded();
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void connectIfNeeded() {
        if (closed || !config.enabled() || !config.observeData() || client != null && client.isConnected()) {
            return;
        }
        try {
            if (client == null) {
                client = new MqttAsyncClient(config.mqttUri(),
                        "command-service-observer-" + UUID.randomUUID().toString().substring(0, 8),
                        new MemoryPersistence());
                client.setCallback(this);
            }
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setAutomaticReconnect(true);
            options.setKeepAliveInterval(60);
            config.username().ifPresent(options::setUserName);
            config.password().ifPresent(p -> options.setPassword(p.toCharArray()));
            client.connect(options).waitForCompletion(config.publishTimeout().toMillis());
        } catch (MqttException e) {
            LOG.warnf("legacy MQTT cluster at %s not reachable yet for observing: %s", config.mqttUri(),
                    e.getMessage());
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        try {
            // QoS 0: a missed sighting is repaired by the meter's next report.
            client.subscribe(config.dataTopicFilter(), 0);
            LOG.infof("observing %s on the legacy MQTT cluster %s", config.dataTopicFilter(), serverUri);
        } catch (MqttException e) {
            LOG.warnf("subscribing to %s failed: %s", config.dataTopicFilter(), e.getMessage());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        int slash = topic.lastIndexOf('/');
        if (slash >= 0 && slash < topic.length() - 1) {
            seen.add(topic.substring(slash + 1));
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        if (seen.isEmpty()) {
            return;
        }
        Set<String> batch = Set.copyOf(seen);
        seen.removeAll(batch);
        try {
            meters.recordLegacySightings(new TreeSet<>(batch));
        } catch (RuntimeException e) {
            seen.addAll(batch);
            LOG.warnf("recording %d legacy sightings failed, retrying: %s", batch.size(), e.getMessage());
        }
    }

    /** Sightings waiting for the next flush (tests and diagnostics). */
    public int pending() {
        return seen.size();
    }

    @Override
    public void connectionLost(Throwable cause) {
        LOG.warnf("lost the legacy MQTT cluster (reconnecting): %s", cause == null ? "" : cause.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // Nothing is published on this connection.
    }

    void stop(@Observes ShutdownEvent event) {
        closed = true;
        LegacyGateway.close(client, "the legacy observer");
    }
}
