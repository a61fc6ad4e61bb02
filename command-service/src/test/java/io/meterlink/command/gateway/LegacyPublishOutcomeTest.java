package io.meterlink.command.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.command.config.CommandServiceConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a failed legacy publish means: a connection lost after the PUBLISH went out may have delivered the command
 * (in doubt, never sent again); a publish the client refused before anything was written was not sent (retried).
 * The "cluster" is a bare socket speaking just enough MQTT 3.1.1 to accept a client and then drop it.
 */
class LegacyPublishOutcomeTest {

    private ServerSocket server;
    private LegacyGateway gateway;
    private final AtomicInteger publishesSeen = new AtomicInteger();

    @AfterEach
    void close() throws IOException {
        if (gateway != null) {
            gateway.stop(null);
        }
        if (server != null) {
            server.close();
        }
    }

    /** Accepts one client (CONNACK), reads its first PUBLISH and then closes the connection without a PUBACK. */
    private int clusterThatDropsTheConnectionAfterAPublish() throws IOException {
        server = new ServerSocket(0);
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    int type = in.readUnsignedByte() >> 4;
                    byte[] body = new byte[remainingLength(in)];
                    in.readFully(body);
                    if (type == 1) { // CONNECT
                        out.write(new byte[] {0x20, 0x02, 0x00, 0x00});
                        out.flush();
                    } else if (type == 3) { // PUBLISH: taken, then the connection is lost
                        publishesSeen.incrementAndGet();
                        s.setSoLinger(true, 0);
                        return;
                    }
                }
            } catch (IOException e) {
                // client gone
            }
        }, "dropping-cluster");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            value += (b & 0x7f) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        return value;
    }

    private LegacyGateway gatewayTo(int port) {
        CommandServiceConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(CommandServiceConfig.class)
                .withDefaultValues(Map.of(
                        "meterlink.command.legacy.mqtt-uri", "tcp://127.0.0.1:" + port,
                        "meterlink.command.legacy.publish-timeout", "5s",
                        "meterlink.command.platform.access-key-id", "x",
                        "meterlink.command.platform.access-key-secret", "y"))
                .build().getConfigMapping(CommandServiceConfig.class);
        gateway = new LegacyGateway(config);
        return gateway;
    }

    @Test
    void aConnectionLostAfterThePublishIsInDoubtNotRetried() throws Exception {
        LegacyGateway legacy = gatewayTo(clusterThatDropsTheConnectionAfterAPublish());
        legacy.connectIfNeeded();
        await().atMost(Duration.ofSeconds(10)).until(legacy::isConnected);

        SendOutcome outcome = legacy.send("a1B2c3", "meter-1", "CMD,1,ad322");

        assertEquals(1, publishesSeen.get(), "the cluster took the PUBLISH");
        SendOutcome.Refused refused = (SendOutcome.Refused) outcome;
        assertEquals("InDoubt", refused.code(), "maybe delivered, so in doubt: " + outcome);
    }

    @Test
    void aPublishWhileDisconnectedWasNotSentAndIsRetried() {
        LegacyGateway legacy = gatewayTo(1);
        SendOutcome.Refused refused = (SendOutcome.Refused) legacy.send("a1B2c3", "meter-1", "CMD,1,ad322");
        assertEquals(LegacyGateway.UNAVAILABLE, refused.code());
        assertTrue(refused.message().contains("not connected"), refused.message());
    }
}
