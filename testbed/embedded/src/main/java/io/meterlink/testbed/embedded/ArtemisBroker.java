package io.meterlink.testbed.embedded;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerBasePlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real Apache ActiveMQ Artemis broker with MQTT 3.1.1 and AMQP 1.0 acceptors on loopback. MQTT topic names stay as
 * devices write them ({@code /pk/dn/user/data/up}): the address delimiter is {@code /}, {@code +} one level and
 * {@code #} any levels, exactly MQTT's wildcards. The IoT Platform stand-in adds its security manager and plugins;
 * plain, it is also the self-managed ("legacy") MQTT cluster.
 */
public final class ArtemisBroker implements AutoCloseable {

    /**
     * Artemis' audit loggers write about 1 KB per message when enabled; kept OFF here because an embedded broker does
     * not get the packaged broker's logging config. A strong reference keeps the level from being garbage collected.
     */
    private static final List<Logger> AUDIT_LOGGERS = new ArrayList<>();

    static {
        for (String name : List.of("org.apache.activemq.audit", "org.apache.activemq.audit.base",
                "org.apache.activemq.audit.message", "org.apache.activemq.audit.resource")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.OFF);
            AUDIT_LOGGERS.add(logger);
        }
    }

    private final ActiveMQServer server;
    private final String name;
    private final int mqttPort;
    private final int amqpPort;
    private final Path dataDirectory;
    private final boolean deleteOnClose;

    private ArtemisBroker(ActiveMQServer server, String name, int mqttPort, int amqpPort, Path dataDirectory,
            boolean deleteOnClose) {
        this.server = server;
        this.name = name;
        this.mqttPort = mqttPort;
        this.amqpPort = amqpPort;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public ActiveMQServer server() {
        return server;
    }

    public String name() {
        return name;
    }

    /** MQTT port, or -1 without an MQTT acceptor. */
    public int mqttPort() {
        return mqttPort;
    }

    /** AMQP 1.0 port, or -1 without an AMQP acceptor. */
    public int amqpPort() {
        return amqpPort;
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    public String amqpUri() {
        return "amqp://127.0.0.1:" + amqpPort;
    }

    /** Creates a durable multicast queue on an address (which may hold MQTT wildcards) unless it exists. */
    public Queue createDurableQueue(String address, String queueName) {
        try {
            Queue existing = server.locateQueue(SimpleString.of(queueName));
            if (existing != null) {
                return existing;
            }
            return server.createQueue(QueueConfiguration.of(queueName)
                    .setAddress(address)
                    .setRoutingType(RoutingType.MULTICAST)
                    .setDurable(true)
                    .setAutoCreateAddress(true));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create queue " + queueName + " on " + address, e);
        }
    }

    /** Messages in a queue, including those delivered but not yet settled; -1 if there is no such queue. */
    public long messageCount(String queueName) {
        Queue queue = server.locateQueue(SimpleString.of(queueName));
        return queue == null ? -1 : queue.getMessageCount();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Artemis " + name + " did not stop cleanly", e);
        } finally {
            if (deleteOnClose) {
                deleteRecursively(dataDirectory);
            }
        }
    }

    @Override
    public String toString() {
        return "Artemis " + name + " (MQTT " + (mqttPort > 0 ? mqttUri() : "off") + ", AMQP "
                + (amqpPort > 0 ? amqpUri() : "off") + ")";
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects acceptors, security and plugins before the broker starts. */
    public static final class Builder {
        private final String name;
        private int mqttPort = 0;
        private int amqpPort = 0;
        private boolean persistent = true;
        private Path dataDirectory;
        private ActiveMQSecurityManager securityManager;
        private final List<ActiveMQServerBasePlugin> plugins = new ArrayList<>();
        private final List<Consumer<Configuration>> customizers = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** 0 picks a free port, -1 disables the MQTT acceptor. */
        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        /** 0 picks a free port, -1 disables the AMQP acceptor. */
        public Builder amqpPort(int port) {
            this.amqpPort = port;
            return this;
        }

        /** Persistent journal (the default): unsettled messages survive a broker restart, as on the platform. */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** Where the journal lives; without it a temporary directory is used and deleted on close. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Authenticates and authorizes every connection; without it security is off. */
        public Builder securityManager(ActiveMQSecurityManager securityManager) {
            this.securityManager = securityManager;
            return this;
        }

        public Builder plugin(ActiveMQServerBasePlugin plugin) {
            plugins.add(plugin);
            return this;
        }

        public Builder configure(Consumer<Configuration> customizer) {
            customizers.add(customizer);
            return this;
        }

        public ArtemisBroker start() {
            boolean temporary = dataDirectory == null;
            Path dir;
            try {
                dir = temporary ? Files.createTempDirectory("artemis-" + name + "-") : dataDirectory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int mqtt = mqttPort == 0 ? FreePorts.next() : mqttPort;
            int amqp = amqpPort == 0 ? FreePorts.next() : amqpPort;

            Configuration config = new ConfigurationImpl()
                    .setName(name)
                    .setPersistenceEnabled(persistent)
                    .setJournalType(JournalType.NIO)
                    .setJournalDirectory(dir.resolve("journal").toString())
                    .setBindingsDirectory(dir.resolve("bindings").toString())
                    .setLargeMessagesDirectory(dir.resolve("large").toString())
                    .setPagingDirectory(dir.resolve("paging").toString())
                    .setSecurityEnabled(securityManager != null)
                    .setJMXManagementEnabled(false)
                    // One copy of each message only: no disk-space watchdog kills the broker on a full laptop disk.
                    .setMaxDiskUsage(100);
            WildcardConfiguration wildcards = new WildcardConfiguration();
            wildcards.setDelimiter('/');
            wildcards.setSingleWord('+');
            wildcards.setAnyWords('#');
            config.setWildCardConfiguration(wildcards);
            try {
                if (mqtt > 0) {
                    config.addAcceptorConfiguration("mqtt", "tcp://127.0.0.1:" + mqtt
                            + "?protocols=MQTT;defaultMqttSessionExpiryInterval=-1");
                }
                if (amqp > 0) {
                    config.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + amqp
                            + "?protocols=AMQP;amqpCredits=1000;amqpLowCredits=300");
                }
            } catch (Exception e) {
                throw new IllegalArgumentException("bad acceptor", e);
            }
            // Undeliverable or expired messages stay visible instead of vanishing.
            config.addAddressSetting("#", new AddressSettings()
                    .setAutoCreateQueues(true)
                    .setAutoCreateAddresses(true)
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setMaxDeliveryAttempts(-1));
            customizers.forEach(c -> c.accept(config));

            ActiveMQSecurityManager security = securityManager != null ? securityManager
                    : new ActiveMQJAASSecurityManager();
            ActiveMQServer server = new ActiveMQServerImpl(config, security);
            plugins.forEach(server::registerBrokerPlugin);
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("Artemis " + name + " did not start", e);
            }
            return new ArtemisBroker(server, name, mqtt, amqp, dir, temporary);
        }
    }
}
