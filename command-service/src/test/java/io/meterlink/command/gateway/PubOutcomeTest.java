package io.meterlink.command.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.command.config.CommandServiceConfig;
import io.meterlink.command.sender.RetryPolicy;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a failed Pub means, from what aliyun-java-sdk-core 4.7.10 really reports: a connection that never opened was
 * not sent (retry), a read timeout or a connection lost after the request was written may have reached the platform
 * (in doubt: never sent again), and the SDK's messages, which carry the signed URL, never leave the gateway unscrubbed.
 * The "platform" here is a bare socket that misbehaves on purpose.
 */
class PubOutcomeTest {

    private static final String ACCESS_KEY_ID = "LTAI5tLeakCheck";

    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    message += " " + p;
                }
            }
            synchronized (logged) {
                logged.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ServerSocket server;
    private PlatformGateway gateway;

    @AfterEach
    void close() throws IOException {
        Logger.getLogger("").removeHandler(capture);
        if (gateway != null) {
            gateway.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private PlatformGateway gatewayTo(int port) {
        CommandServiceConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(CommandServiceConfig.class)
                .withDefaultValues(Map.of(
                        "meterlink.command.platform.endpoint", "127.0.0.1:" + port,
                        "meterlink.command.platform.protocol", "HTTP",
                        "meterlink.command.platform.access-key-id", ACCESS_KEY_ID,
                        "meterlink.command.platform.access-key-secret", "secret",
                        "meterlink.command.platform.connect-timeout", "1s",
                        "meterlink.command.platform.read-timeout", "500ms"))
                .build().getConfigMapping(CommandServiceConfig.class);
        Logger.getLogger("").addHandler(capture);
        gateway = new PlatformGateway(config);
        return gateway;
    }

    /** A "platform" that reads the whole request line and headers, then does what {@code then} says. */
    private int platformThat(Consumer<Socket> then) throws IOException {
        server = new ServerSocket(0);
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                // Until the blank line after the headers: the request has been written.
                int state = 0;
                while (state < 4) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
                }
                then.accept(s);
            } catch (IOException e) {
                // the client went away: nothing to do
            }
        }, "misbehaving-platform");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static void assertInDoubt(SendOutcome outcome) {
        SendOutcome.Refused refused = (SendOutcome.Refused) outcome;
        assertEquals("InDoubt", refused.code(), "maybe sent, so in doubt: " + outcome);
        assertFalse(retryPolicy().isRetryable(refused.code()), "an in-doubt Pub is never resent");
    }

    private static RetryPolicy retryPolicy() {
        CommandServiceConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(CommandServiceConfig.class)
                .withDefaultValues(Map.of("meterlink.command.platform.access-key-id", "x",
                        "meterlink.command.platform.access-key-secret", "y"))
                .build().getConfigMapping(CommandServiceConfig.class);
        return new RetryPolicy(config);
    }

    private void assertNoSignedUrl(SendOutcome outcome) {
        String message = ((SendOutcome.Refused) outcome).message();
        List<String> seen;
        synchronized (logged) {
            seen = new ArrayList<>(logged);
        }
        seen.add(message);
        for (String text : seen) {
            for (String secret : List.of(ACCESS_KEY_ID, "AccessKeyId", "Signature=", "SignatureNonce")) {
                assertFalse(text != null && text.contains(secret), "'" + secret + "' leaked in: " + text);
            }
        }
    }

    @Test
    void aReadTimeoutIsInDoubtNotFailedAndNotRetried() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        int port = platformThat(s -> {
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        SendOutcome outcome = gatewayTo(port).send("a1B2c3", "meter-1", "CMD,1,ad322");
        done.countDown();
        assertInDoubt(outcome);
        assertNoSignedUrl(outcome);
    }

    @Test
    void aConnectionResetAfterTheRequestWasWrittenIsInDoubtNotRetried() throws Exception {
        int port = platformThat(s -> {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        SendOutcome outcome = gatewayTo(port).send("a1B2c3", "meter-1", "CMD,1,ad322");
        assertInDoubt(outcome);
        assertNoSignedUrl(outcome);
    }

    @Test
    void aConnectionThatNeverOpenedWasNotSentAndIsRetried() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        SendOutcome outcome = gatewayTo(port).send("a1B2c3", "meter-1", "CMD,1,ad322");
        SendOutcome.Refused refused = (SendOutcome.Refused) outcome;
        assertTrue(retryPolicy().isRetryable(refused.code()), "not sent, so retried: " + outcome);
        assertNoSignedUrl(outcome);
    }
}
