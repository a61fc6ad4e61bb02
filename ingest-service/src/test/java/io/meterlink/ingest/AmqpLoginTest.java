package io.meterlink.ingest;

import io.meterlink.ingest.messaging.AmqpClientOptionsProducer;
import io.meterlink.ingest.messaging.AmqpLogin;
import io.meterlink.ingest.support.IngestDatabase;
import io.meterlink.ingest.support.Meter;
import io.meterlink.ingest.support.PlatformQueue;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service logs in to the stand-in (which verifies the aksign signature and its timestamp window) over several
 * connections, and signs a new login when it reconnects.
 */
@QuarkusTest
class AmqpLoginTest {

    @Inject
    AmqpClientOptionsProducer connections;

    @Test
    void everyConnectionHasItsOwnClientIdAndEveryReconnectASignatureOfItsOwnTime() throws Exception {
        List<AmqpLogin> logins = connections.logins();
        assertEquals(2, logins.size(), "meterlink.ingest.amqp.connections");
        assertEquals(Set.of("ingest-test-1", "ingest-test-2"),
                logins.stream().map(AmqpLogin::clientId).collect(Collectors.toSet()));
        await().atMost(Duration.ofSeconds(30)).until(() -> platformConnections().size() == 2);
        Map<String, Long> before = new HashMap<>();
        logins.forEach(l -> before.put(l.clientId(), l.lastTimestamp()));

        // The platform drops both connections (as on a network failure or a platform-side restart).
        for (RemotingConnection connection : platformConnections()) {
            connection.fail(new ActiveMQException("dropped by the test"));
        }

        // Both reconnect, each with a login minted after the previous one, and the platform accepts them.
        await().atMost(Duration.ofSeconds(30)).until(() -> logins.stream()
                .allMatch(l -> l.lastTimestamp() > before.get(l.clientId())));
        await().atMost(Duration.ofSeconds(30)).until(() -> platformConnections().size() == 2);

        // And they consume again.
        String deviceName;
        try (Meter meter = Meter.connect(PlatformQueue.platform(), 12)) {
            deviceName = meter.deviceName();
            meter.publish("DE02,10,31,100000000,am000,ff".getBytes(StandardCharsets.US_ASCII));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> IngestDatabase.count(
                "SELECT count(*) FROM ingest.reading WHERE device_name = ? AND frame = ?", deviceName,
                "DE02,10,31,100000000,am000,ff") == 1);
        assertTrue(logins.stream().allMatch(l -> l.mints() >= 2));
    }

    /** The stand-in's AMQP connections of this service (its other clients are MQTT devices). */
    private static List<RemotingConnection> platformConnections() {
        return PlatformQueue.platform().broker().server().getRemotingService().getConnections().stream()
                .filter(c -> "AMQP".equalsIgnoreCase(c.getProtocolName()))
                .filter(c -> !c.isDestroyed())
                .toList();
    }
}
