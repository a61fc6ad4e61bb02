package io.meterlink.ingest.messaging;

import io.meterlink.domain.signing.SignMethod;
import io.meterlink.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.vertx.amqp.AmqpClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the AMQP client options of each connection of the {@code data-up} channel. The channel's
 * {@code concurrency} creates one connector copy per connection and each copy asks for its own options bean
 * ({@code @Dependent}), so every connection gets its own client id and its own freshly-signed logins.
 */
@ApplicationScoped
public class AmqpClientOptionsProducer {

    /** Value of {@code mp.messaging.incoming.data-up.client-options-name}. */
    public static final String NAME = "aliyun-amqp";

    private static final Logger LOG = Logger.getLogger(AmqpClientOptionsProducer.class);
    private static final int MIN_IDLE_TIMEOUT_MS = 30_000;
    private static final int MAX_IDLE_TIMEOUT_MS = 300_000;

    private final AtomicInteger connections = new AtomicInteger();
    private final List<AmqpLogin> logins = new CopyOnWriteArrayList<>();

    @Produces
    @Identifier(NAME)
    @Dependent
    AmqpClientOptions options(IngestConfig config, MeterRegistry registry) {
        IngestConfig.Amqp amqp = config.amqp();
        String clientId = clientIdPrefix(amqp) + "-" + connections.incrementAndGet();
        Counter attempts = Counter.builder("ingest.amqp.logins")
                .description("AMQP logins signed, one per connection attempt (Alibaba allows 100 a minute per group)")
                .register(registry);
        AmqpLogin login = new AmqpLogin(amqp.accessKeyId(), amqp.accessKeySecret(), amqp.consumerGroupId(),
                amqp.iotInstanceId().orElse(""), clientId, SignMethod.parse(amqp.signMethod()),
                System::currentTimeMillis, attempts::increment);
        logins.add(login);

        long idleMs = amqp.idleTimeout().toMillis();
        if (idleMs < MIN_IDLE_TIMEOUT_MS || idleMs > MAX_IDLE_TIMEOUT_MS) {
            throw new IllegalArgumentException("meterlink.ingest.amqp.idle-timeout is " + amqp.idleTimeout()
                    + ", the platform accepts 30s to 300s");
        }
        AliyunAmqpClientOptions options = new AliyunAmqpClientOptions(login);
        options.setHost(amqp.host())
                .setPort(amqp.port())
                .setContainerId(clientId)
                .setConnectTimeout((int) amqp.connectTimeout().toMillis())
                // Alibaba only speaks SASL PLAIN; never fall back to ANONYMOUS.
                .addEnabledSaslMechanism("PLAIN")
                .setSsl(amqp.tls());
        options.setHeartbeat((int) idleMs);
        if (amqp.tls()) {
            // Default JDK trust store: the platform presents a publicly trusted certificate for its host name.
            options.setHostnameVerificationAlgorithm("HTTPS");
        }
        LOG.infof("AMQP connection %s to %s:%d (tls=%s, consumer group %s)", clientId, amqp.host(), amqp.port(),
                amqp.tls(), amqp.consumerGroupId());
        return options;
    }

    /** Logins of the connections created so far, for tests and diagnostics. */
    public List<AmqpLogin> logins() {
        return List.copyOf(logins);
    }

    private static String clientIdPrefix(IngestConfig.Amqp amqp) {
        String prefix = amqp.clientIdPrefix().orElseGet(AmqpClientOptionsProducer::hostName);
        // The client id must be visible ASCII without | , = and, with the suffix, at most 64 characters.
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return clean.length() > 56 ? clean.substring(0, 56) : clean;
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "ingest";
        }
    }
}
