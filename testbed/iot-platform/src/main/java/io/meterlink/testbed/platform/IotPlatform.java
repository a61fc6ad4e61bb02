package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.DeviceKey;
import io.meterlink.testbed.cloudapi.CloudApiServer;
import io.meterlink.testbed.cloudapi.CloudApiSettings;
import io.meterlink.testbed.embedded.ArtemisBroker;
import io.meterlink.testbed.platform.command.CommandDelivery;
import io.meterlink.testbed.platform.command.CommandOutcome;
import io.meterlink.testbed.platform.command.PubDelivery;
import io.meterlink.testbed.platform.device.DeviceLifecyclePlugin;
import io.meterlink.testbed.platform.device.DevicePresence;
import io.meterlink.testbed.platform.device.KeepAliveInterceptor;
import io.meterlink.testbed.platform.device.PlatformSecurity;
import io.meterlink.testbed.platform.forwarding.MessageIds;
import io.meterlink.testbed.platform.forwarding.RulesEngine;
import io.meterlink.testbed.platform.legacy.LegacyBroker;

import org.apache.activemq.artemis.api.core.SimpleString;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A local Alibaba Cloud IoT Platform instance: the device MQTT endpoint with Alibaba's authentication and topic
 * permissions, the rules engine forwarding device data and status to AMQP consumer groups, the AMQP server-side
 * subscription endpoint with aksign logins, command delivery behind the {@code Pub} API, and next to it the legacy
 * self-managed MQTT cluster. Built with {@link #builder()}, stopped with {@link #close()}. Everything listens on
 * 127.0.0.1.
 */
public final class IotPlatform implements AutoCloseable {

    public static final String DEFAULT_PRODUCT_KEY = "a1MeterLink";
    public static final long DEFAULT_REGISTRY_SEED = 20_260_101L;
    public static final String DEFAULT_REGION_ID = "cn-shanghai";
    public static final String DEFAULT_INSTANCE_ID = "iot-testbed";
    public static final String DEFAULT_ACCESS_KEY_ID = CloudApiSettings.DEFAULT_ACCESS_KEY_ID;
    public static final String DEFAULT_ACCESS_KEY_SECRET = CloudApiSettings.DEFAULT_ACCESS_KEY_SECRET;
    public static final String DEFAULT_CONSUMER_GROUP = "ingest";

    private final Settings settings;
    private final DeviceRegistry registry;
    private final ArtemisBroker broker;
    private final ArtemisBroker legacyBroker;
    private final CloudApiServer cloudApi;
    private final RulesEngine rulesEngine;
    private final CommandDelivery commands;
    private final DevicePresence presence;

    private IotPlatform(Settings settings, DeviceRegistry registry, ArtemisBroker broker, ArtemisBroker legacyBroker,
            CloudApiServer cloudApi, RulesEngine rulesEngine, CommandDelivery commands, DevicePresence presence) {
        this.settings = settings;
        this.registry = registry;
        this.broker = broker;
        this.legacyBroker = legacyBroker;
        this.cloudApi = cloudApi;
        this.rulesEngine = rulesEngine;
        this.commands = commands;
        this.presence = presence;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The device endpoint, {@code tcp://127.0.0.1:PORT} (Alibaba-authenticated MQTT 3.1.1, plain TCP). */
    public String mqttUri() {
        return broker.mqttUri();
    }

    /** The legacy self-managed cluster, {@code tcp://127.0.0.1:PORT} (plain MQTT, no authentication). */
    public String legacyMqttUri() {
        return legacyBroker == null ? null : legacyBroker.mqttUri();
    }

    public String amqpHost() {
        return "127.0.0.1";
    }

    public int amqpPort() {
        return broker.amqpPort();
    }

    /** {@code amqp://127.0.0.1:PORT} (plain AMQP 1.0, SASL PLAIN). */
    public String amqpUri() {
        return broker.amqpUri();
    }

    /** The receiver link source address for a consumer group's queue: {@code /#::<groupId>}. */
    public String amqpAddress(String groupId) {
        requireGroup(groupId);
        return RulesEngine.amqpAddress(groupId);
    }

    /** Where the Alibaba SDKs are pointed ({@code setSysEndpoint}, {@code Config.setEndpoint}): {@code 127.0.0.1:PORT}. */
    public String openApiEndpoint() {
        return cloudApi.endpoint();
    }

    /** The OpenAPI stand-in (IoT {@code Pub}, SMS {@code SendSms}): its SMS and Pub logs, fault injection. */
    public CloudApiServer cloudApi() {
        return cloudApi;
    }

    public String accessKeyId() {
        return settings.accessKeyId;
    }

    public String accessKeySecret() {
        return settings.accessKeySecret;
    }

    /** Every AccessKey the AMQP endpoint (and OpenAPI) accept, id to secret. */
    public Map<String, String> accessKeys() {
        return Map.copyOf(settings.accessKeys);
    }

    public String instanceId() {
        return settings.instanceId;
    }

    public String regionId() {
        return settings.regionId;
    }

    /** How far an aksign timestamp may be from now. */
    public Duration amqpTimestampWindow() {
        return settings.amqpTimestampWindow;
    }

    public List<ConsumerGroup> consumerGroups() {
        return List.copyOf(settings.groups.values());
    }

    /**
     * Adds a consumer group to the running platform (its queue starts empty); adding an existing id with the same
     * options does nothing, with other options is an error.
     */
    public synchronized void addConsumerGroup(ConsumerGroup group) {
        ConsumerGroup existing = settings.groups.get(group.id());
        if (existing != null) {
            if (!existing.equals(group)) {
                throw new IllegalArgumentException("consumer group " + group.id() + " already exists as " + existing);
            }
            return;
        }
        RulesEngine.createQueue(broker.server(), group);
        settings.groups.put(group.id(), group);
    }

    /** Messages in a group's queue, counting delivered-but-unsettled ones. */
    public long queueDepth(String groupId) {
        requireGroup(groupId);
        return broker.messageCount(groupId);
    }

    public DeviceRegistry registry() {
        return registry;
    }

    /** Whether the device has an MQTT connection right now. */
    public boolean isOnline(String productKey, String deviceName) {
        return presence.isOnline(new DeviceKey(productKey, deviceName));
    }

    public int onlineDevices() {
        return presence.onlineCount();
    }

    /**
     * Puts a command on a device's {@code cmd/down} topic, exactly what the {@code Pub} API does after checking the
     * caller's signature.
     */
    public CommandOutcome publishToDevice(String productKey, String topicFullName, byte[] content, int qos) {
        return commands.deliver(productKey, topicFullName, content, qos);
    }

    /** QoS 1 commands kept for a device until it subscribes to its {@code cmd/down} topic. */
    public int keptCommands(String productKey, String deviceName) {
        return commands.keptFor(productKey, deviceName);
    }

    /** Forwards a message as if the device had published it on its data/up topic (no MQTT connection needed). */
    public void forward(UplinkMessage message) {
        requireDevice(message.productKey(), message.deviceName());
        rulesEngine.forward(message);
    }

    /**
     * Fills one consumer group's queue directly, each message stamped with {@code topic}, {@code messageId} and
     * {@code generateTime} like a forwarded publish; for benchmarks that need a backlog of 100,000 messages fast.
     *
     * @return how many messages were added
     */
    public int preload(String groupId, Iterable<UplinkMessage> messages) {
        requireGroup(groupId);
        return rulesEngine.preload(groupId, messages);
    }

    /** The broker behind the device and AMQP endpoints (for tests that inspect queues). */
    public ArtemisBroker broker() {
        return broker;
    }

    /** The legacy cluster's broker, or {@code null} when disabled. */
    public ArtemisBroker legacyBroker() {
        return legacyBroker;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : new AutoCloseable[] {cloudApi, legacyBroker, broker}) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("IoT Platform stand-in did not stop cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "IoT Platform stand-in (devices " + mqttUri() + ", AMQP " + amqpUri() + ", OpenAPI "
                + openApiEndpoint() + ", legacy " + legacyMqttUri() + ", " + registry + ")";
    }

    private void requireGroup(String groupId) {
        if (!settings.groups.containsKey(groupId)) {
            throw new IllegalArgumentException("no consumer group '" + groupId + "' (have "
                    + settings.groups.keySet() + ")");
        }
    }

    private void requireDevice(String productKey, String deviceName) {
        if (!registry.contains(productKey, deviceName)) {
            throw new IllegalArgumentException("device " + productKey + "/" + deviceName + " is not registered");
        }
    }

    private record Settings(String accessKeyId, String accessKeySecret, Map<String, String> accessKeys,
            String regionId, String instanceId, Map<String, ConsumerGroup> groups, Duration amqpTimestampWindow) {
    }

    /** Ports, credentials and behaviour of the stand-in; every setting has a test-friendly default. */
    public static final class Builder {
        private DeviceRegistry registry;
        private final List<ConsumerGroup> groups = new ArrayList<>();
        private String accessKeyId = DEFAULT_ACCESS_KEY_ID;
        private String accessKeySecret = DEFAULT_ACCESS_KEY_SECRET;
        private final Map<String, String> extraAccessKeys = new LinkedHashMap<>();
        private String regionId = DEFAULT_REGION_ID;
        private String instanceId = DEFAULT_INSTANCE_ID;
        private int mqttPort = 0;
        private int amqpPort = 0;
        private int legacyMqttPort = 0;
        private int openApiPort = 0;
        private final List<Consumer<CloudApiSettings.Builder>> openApiCustomizers = new ArrayList<>();
        private boolean legacy = true;
        private Path dataDirectory;
        private Duration amqpTimestampWindow = Duration.ofMinutes(15);
        private int minKeepAliveSeconds = 30;
        private int maxKeepAliveSeconds = 1200;
        private int keptCommandsPerDevice = 1000;
        private LongSupplier clock = System::currentTimeMillis;

        private Builder() {
        }

        /** The devices it accepts; default 50 generated devices of {@value #DEFAULT_PRODUCT_KEY}. */
        public Builder registry(DeviceRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Adds a consumer group; without any, one group {@value #DEFAULT_CONSUMER_GROUP} gets data and status. */
        public Builder consumerGroup(ConsumerGroup group) {
            groups.add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /** The AccessKey the AMQP endpoint and OpenAPI accept (and that {@link #accessKeyId()} reports). */
        public Builder accessKey(String id, String secret) {
            if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("AccessKey id and secret must not be blank");
            }
            this.accessKeyId = id;
            this.accessKeySecret = secret;
            return this;
        }

        /** A further accepted AccessKey (a second service account, say). */
        public Builder extraAccessKey(String id, String secret) {
            if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("AccessKey id and secret must not be blank");
            }
            extraAccessKeys.put(id, secret);
            return this;
        }

        public Builder regionId(String regionId) {
            this.regionId = Objects.requireNonNull(regionId, "regionId");
            return this;
        }

        /** The iotInstanceId AMQP logins must name. */
        public Builder instanceId(String instanceId) {
            this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
            return this;
        }

        /** Device endpoint port; 0 (default) picks a free one. */
        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        /** AMQP endpoint port; 0 (default) picks a free one. */
        public Builder amqpPort(int port) {
            this.amqpPort = port;
            return this;
        }

        /** Legacy cluster port; 0 (default) picks a free one. */
        public Builder legacyMqttPort(int port) {
            this.legacyMqttPort = port;
            return this;
        }

        /** OpenAPI (HTTP) port; 0 (default) picks a free one. */
        public Builder openApiPort(int port) {
            this.openApiPort = port;
            return this;
        }

        /**
         * Adjusts the OpenAPI stand-in beyond ports and AccessKeys (which follow this builder): QPS limits, SMS
         * signatures and templates, timestamp window, clock.
         */
        public Builder openApi(Consumer<CloudApiSettings.Builder> customizer) {
            openApiCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /** Whether to start the legacy cluster too (default true). */
        public Builder legacyBroker(boolean enabled) {
            this.legacy = enabled;
            return this;
        }

        /** Where the broker keeps its journal; default a temporary directory deleted on close. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /**
         * How far an aksign timestamp may be from now (default 15 minutes). Alibaba publishes no number; it must be
         * long enough for a connector that signs once and reconnects later, short enough to refuse stale logins.
         */
        public Builder amqpTimestampWindow(Duration window) {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("AMQP timestamp window must be positive");
            }
            this.amqpTimestampWindow = window;
            return this;
        }

        /** Accepted MQTT keepalive range in seconds (Alibaba: 30..1200). */
        public Builder keepAliveRange(int minSeconds, int maxSeconds) {
            if (minSeconds < 0 || maxSeconds < minSeconds) {
                throw new IllegalArgumentException("keepalive range " + minSeconds + ".." + maxSeconds + " is empty");
            }
            this.minKeepAliveSeconds = minSeconds;
            this.maxKeepAliveSeconds = maxSeconds;
            return this;
        }

        /** QoS 1 commands kept per device while it cannot receive (default 1000; the oldest are dropped first). */
        public Builder keptCommandsPerDevice(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("kept commands per device must be at least 1");
            }
            this.keptCommandsPerDevice = count;
            return this;
        }

        /** The platform's clock (epoch ms), for tests of timestamp windows. */
        public Builder clock(LongSupplier clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public IotPlatform start() {
            DeviceRegistry devices = registry != null ? registry
                    : DeviceRegistry.generate(50, DEFAULT_PRODUCT_KEY, DEFAULT_REGISTRY_SEED);
            Map<String, ConsumerGroup> groupsById = new ConcurrentHashMap<>();
            for (ConsumerGroup group : groups.isEmpty() ? List.of(ConsumerGroup.dataAndStatus(DEFAULT_CONSUMER_GROUP))
                    : groups) {
                if (groupsById.putIfAbsent(group.id(), group) != null) {
                    throw new IllegalArgumentException("consumer group " + group.id() + " is configured twice");
                }
            }
            Map<String, String> accessKeys = new LinkedHashMap<>(extraAccessKeys);
            accessKeys.put(accessKeyId, accessKeySecret);
            Settings settings = new Settings(accessKeyId, accessKeySecret, Map.copyOf(accessKeys), regionId,
                    instanceId, groupsById, amqpTimestampWindow);

            MessageIds messageIds = new MessageIds(clock.getAsLong());
            RulesEngine rulesEngine = new RulesEngine(messageIds, clock);
            CommandDelivery commands = new CommandDelivery(devices, messageIds, clock, keptCommandsPerDevice);
            DevicePresence presence = new DevicePresence(rulesEngine, clock);
            KeepAliveInterceptor keepAlives = new KeepAliveInterceptor();
            PlatformSecurity security = new PlatformSecurity(new PlatformSecurity.Settings(devices::secretOf,
                    minKeepAliveSeconds, maxKeepAliveSeconds, settings.accessKeys(), amqpTimestampWindow,
                    groupsById::containsKey, instanceId, RulesEngine.GROUP_BINDING_ADDRESS), keepAlives, presence, clock);

            ArtemisBroker.Builder brokerBuilder = ArtemisBroker.builder("iot-platform")
                    .mqttPort(mqttPort)
                    .amqpPort(amqpPort)
                    .securityManager(security)
                    .plugin(rulesEngine)
                    .plugin(new DeviceLifecyclePlugin(presence, commands))
                    .configure(config -> config
                            // Every CONNECT must be checked: the signature covers the clientId, not just user+password.
                            .setAuthenticationCacheSize(0)
                            // A test bed, not a bank: no fsync per message, so 100k-meter bursts and preloads are fast.
                            .setJournalSyncNonTransactional(false)
                            .setJournalSyncTransactional(false))
                    .configure(config -> config.getAddressSettings().values()
                            // Messages never expire here (Alibaba keeps a backlog a day); say where they would go.
                            .forEach(setting -> setting.setExpiryAddress(SimpleString.of("ExpiryQueue"))));
            if (dataDirectory != null) {
                brokerBuilder.dataDirectory(dataDirectory);
            }
            ArtemisBroker broker = brokerBuilder.start();
            ArtemisBroker legacyBroker = null;
            CloudApiServer cloudApi = null;
            try {
                broker.server().getRemotingService().addIncomingInterceptor(keepAlives);
                rulesEngine.attach(broker.server());
                commands.attach(broker.server());
                for (ConsumerGroup group : groupsById.values()) {
                    RulesEngine.createQueue(broker.server(), group);
                }
                CloudApiSettings.Builder openApi = CloudApiSettings.builder()
                        .accessKeys(settings.accessKeys())
                        .regionId(regionId)
                        .port(openApiPort);
                openApiCustomizers.forEach(c -> c.accept(openApi));
                cloudApi = CloudApiServer.start(openApi.build(), new PubDelivery(commands, instanceId));
                if (legacy) {
                    legacyBroker = LegacyBroker.start(legacyMqttPort);
                }
            } catch (RuntimeException e) {
                if (cloudApi != null) {
                    cloudApi.close();
                }
                broker.close();
                throw e;
            }
            return new IotPlatform(settings, devices, broker, legacyBroker, cloudApi, rulesEngine, commands, presence);
        }
    }
}
