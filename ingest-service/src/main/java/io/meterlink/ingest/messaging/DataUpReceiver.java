package io.meterlink.ingest.messaging;

import io.meterlink.ingest.service.Delivery;
import io.meterlink.ingest.service.IngestPipeline;
import io.meterlink.ingest.service.Settlement;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Entry point of the consumer group's messages. {@code mp.messaging.incoming.data-up.concurrency} opens several AMQP
 * connections; each calls this method with its own messages (on its own event loop), so it only reads the message
 * and hands it to the shared pipeline. Settlement is manual: the message is accepted or released when its batch is
 * done, never when this method returns.
 */
@ApplicationScoped
public class DataUpReceiver {

    /** Channel name in {@code mp.messaging.incoming.*}. */
    public static final String CHANNEL = "data-up";

    private static final Logger LOG = Logger.getLogger(DataUpReceiver.class);

    private final IngestPipeline pipeline;

    public DataUpReceiver(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> receive(Message<?> message) {
        Delivery delivery;
        try {
            delivery = read(message);
        } catch (RuntimeException e) {
            // Not expected for any AMQP message; releasing keeps it rather than losing it.
            LOG.errorf(e, "cannot read an AMQP message; released");
            message.nack(e);
            return CompletableFuture.completedFuture(null);
        }
        return pipeline.submit(delivery);
    }

    static Delivery read(Message<?> message) {
        Instant receivedAt = Instant.now();
        long receivedNanos = System.nanoTime();
        Optional<IncomingAmqpMetadata> metadata = message.getMetadata(IncomingAmqpMetadata.class);
        org.apache.qpid.proton.message.Message proton = metadata.map(m -> m.getMessage().unwrap()).orElse(null);
        Map<String, Object> properties = proton == null ? Map.of() : applicationProperties(proton);
        byte[] payload = proton == null ? null : body(proton.getBody());
        return new Delivery(text(properties.get("topic")), text(properties.get("messageId")),
                properties.get("generateTime"), payload, receivedAt, receivedNanos, new AmqpSettlement(message));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> applicationProperties(org.apache.qpid.proton.message.Message proton) {
        ApplicationProperties properties = proton.getApplicationProperties();
        return properties == null || properties.getValue() == null ? Map.of()
                : (Map<String, Object>) (Map<?, ?>) properties.getValue();
    }

    /** Exact payload bytes of a Data section (what the platform sends); text bodies as UTF-8; null otherwise. */
    static byte[] body(Section section) {
        if (section instanceof Data data) {
            return data.getValue() == null ? new byte[0] : copy(data.getValue());
        }
        if (section instanceof AmqpValue value) {
            Object content = value.getValue();
            if (content instanceof Binary binary) {
                return copy(binary);
            }
            if (content instanceof String text) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            return null;
        }
        return section == null ? new byte[0] : null;
    }

    private static byte[] copy(Binary binary) {
        byte[] bytes = new byte[binary.getLength()];
        System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, binary.getLength());
        return bytes;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Accept = AMQP {@code accepted}; release = nack, which the channel's {@code failure-strategy=release} maps to
     * AMQP {@code released} (redelivered, not dead-lettered by the broker). */
    private record AmqpSettlement(Message<?> message) implements Settlement {

        @Override
        public void accept() {
            message.ack();
        }

        @Override
        public void release(Throwable cause) {
            message.nack(cause);
        }
    }
}
