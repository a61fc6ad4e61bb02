package io.meterlink.testbed.embedded;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A real single-node Apache Kafka broker in KRaft mode, in this JVM (the version the Quarkus BOM pins), or an external
 * cluster named by its bootstrap servers.
 */
public final class KafkaServer implements AutoCloseable {

    private final EmbeddedKafkaBroker embedded;
    private final String bootstrapServers;

    private KafkaServer(EmbeddedKafkaBroker embedded, String bootstrapServers) {
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on a free port; its log directories are deleted on close. */
    public static KafkaServer start() {
        return start(FreePorts.next());
    }

    public static KafkaServer start(int port) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaPort(port)
                .withKafkaHost("127.0.0.1")
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> {
                    // Single node: internal topics cannot have more replicas than brokers.
                    p.put("offsets.topic.replication.factor", "1");
                    p.put("transaction.state.log.replication.factor", "1");
                    p.put("transaction.state.log.min.isr", "1");
                    p.put("num.partitions", "4");
                    p.put("group.initial.rebalance.delay.ms", "0");
                })
                .start();
        return new KafkaServer(broker, broker.getAdvertisedListeners().replace("PLAINTEXT://", ""));
    }

    public static KafkaServer external(String bootstrapServers) {
        return new KafkaServer(null, bootstrapServers);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** Creates a topic unless it exists, so consumers that start before the first producer see every partition. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(java.util.List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + name, e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Override
    public String toString() {
        return "Kafka " + bootstrapServers + (embedded() ? " (embedded, KRaft)" : " (external)");
    }
}
