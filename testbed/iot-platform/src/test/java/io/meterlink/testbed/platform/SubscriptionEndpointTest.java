package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.AmqpCredentials;
import io.meterlink.domain.signing.AmqpSigner;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.testbed.platform.device.PlatformSecurity;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.proton.ProtonSender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AMQP server-side subscription endpoint: aksign logins, one queue per consumer group, receive only. */
class SubscriptionEndpointTest {

    /** How Artemis words a security refusal (SEND on a queue, CREATE_ADDRESS on a device topic). */
    private static final String REFUSAL = "does not have permission";

    private static IotPlatform platform;

    @BeforeAll
    static void start() {
        platform = IotPlatform.builder()
                .legacyBroker(false)
                .consumerGroup(ConsumerGroup.data("group-a"))
                .consumerGroup(ConsumerGroup.data("group-b"))
                .amqpTimestampWindow(Duration.ofMinutes(5))
                .start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aGoodLoginReceivesItsGroupsMessagesAndEveryGroupGetsItsOwnCopy() throws Exception {
        RegisteredDevice device = platform.registry().device(20);
        platform.forward(new UplinkMessage(device.productKey(), device.deviceName(),
                "hello".getBytes(StandardCharsets.US_ASCII)));
        for (String group : new String[] {"group-a", "group-b"}) {
            try (AmqpConsumer consumer = AmqpConsumer.connect(platform, group)) {
                consumer.receive(platform.amqpAddress(group));
                AmqpMessage message = consumer.next();
                assertEquals("hello", new String(message.bodyAsBinary().getBytes(), StandardCharsets.US_ASCII));
                message.accepted();
            }
        }
    }

    @Test
    void aBadSignatureIsRefused() {
        AmqpCredentials genuine = AmqpConsumer.credentials(platform, "group-a", System.currentTimeMillis());
        AmqpCredentials forged = new AmqpCredentials(genuine.userName(), AmqpSigner.password(SignMethod.HMACSHA1,
                "wrong-secret", platform.accessKeyId(), "1"));
        assertLoginRefused(forged, "bad_signature");
    }

    @Test
    void aTimestampOutsideTheWindowIsRefused() {
        long sixMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(6).toMillis();
        assertLoginRefused(AmqpConsumer.credentials(platform, "group-a", sixMinutesAgo), "timestamp_out_of_window");
    }

    @Test
    void anUnknownAccessKeyIsRefused() {
        AmqpCredentials credentials = AmqpSigner.credentials("LTAI5tSomebodyElse", "their-secret", "group-a",
                platform.instanceId(), "c1", SignMethod.HMACSHA256, System.currentTimeMillis());
        assertLoginRefused(credentials, "unknown_access_key");
    }

    @Test
    void anUnknownConsumerGroupIsRefused() {
        assertLoginRefused(AmqpConsumer.credentials(platform, "no-such-group", System.currentTimeMillis()),
                "consumer group 'no-such-group' does not exist");
    }

    @Test
    void anotherInstanceIdIsRefused() {
        AmqpCredentials credentials = AmqpSigner.credentials(platform.accessKeyId(), platform.accessKeySecret(),
                "group-a", "iot-elsewhere", "c2", SignMethod.HMACMD5, System.currentTimeMillis());
        assertLoginRefused(credentials, "iotInstanceId 'iot-elsewhere'");
    }

    @Test
    void aGroupCannotReadAnotherGroupsQueue() throws Exception {
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "group-a");
                LogCapture log = LogCapture.of(PlatformSecurity.class.getName())) {
            assertThrows(ExecutionException.class, () -> consumer.receive(platform.amqpAddress("group-b")));
            assertTrue(log.contains("consumer group group-a", "refused", "group-b"), log.messages().toString());
        }
    }

    @Test
    void anyOtherSourceAddressIsRefusedAndCreatesNothing() throws Exception {
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "group-a")) {
            assertThrows(ExecutionException.class, () -> consumer.receive("group-a"));
            assertThrows(ExecutionException.class, () -> consumer.receive("/a1MeterLink/meter-000001/user/data/up"));
        }
        assertNull(platform.broker().server().locateQueue("group-a.unexpected"));
        assertEquals(-1, platform.broker().messageCount("/a1MeterLink/meter-000001/user/data/up"));
    }

    @Test
    void senderLinksAreRefused() throws Exception {
        RegisteredDevice device = platform.registry().device(21);
        long before = platform.queueDepth("group-a");
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "group-a");
                LogCapture log = LogCapture.of(PlatformSecurity.class.getName())) {
            assertCannotSend(consumer, platform.amqpAddress("group-a"));
            assertCannotSend(consumer, "/" + device.productKey() + "/" + device.deviceName() + "/user/cmd/down");
            assertTrue(log.contains("consumer group group-a", "refused"), log.messages().toString());
        }
        assertEquals(before, platform.queueDepth("group-a"));
    }

    /**
     * The broker refuses the attach for lack of permission. The client may report the attach before the refusal
     * arrives (about one time in ten here); the broker then detaches the link with the refusal as its error, and a
     * send on it would wait forever rather than fail, so the link's remote error is what is checked.
     */
    private static void assertCannotSend(AmqpConsumer consumer, String address) throws Exception {
        AmqpSender sender;
        try {
            sender = AmqpConsumer.await(consumer.connection().createSender(address));
        } catch (ExecutionException refused) {
            assertTrue(refused.getMessage().contains(REFUSAL), refused.getMessage());
            return;
        }
        ProtonSender link = sender.unwrap();
        // Read from the test thread while the event loop writes it: fine for polling a value that is set once.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> link.getRemoteCondition() != null && link.getRemoteCondition().getCondition() != null);
        assertTrue(link.getRemoteCondition().getDescription().contains(REFUSAL), link.getRemoteCondition().toString());
    }

    @Test
    void anAnonymousSenderCannotDeliverAnything() throws Exception {
        long before = platform.queueDepth("group-a");
        try (AmqpConsumer consumer = AmqpConsumer.connect(platform, "group-a")) {
            AmqpSender sender = AmqpConsumer.await(consumer.connection().createAnonymousSender());
            assertThrows(ExecutionException.class, () -> AmqpConsumer.await(sender.sendWithAck(
                    AmqpMessage.create().address(platform.amqpAddress("group-a")).withBody("x").build())));
        }
        assertEquals(before, platform.queueDepth("group-a"));
    }

    private static void assertLoginRefused(AmqpCredentials credentials, String reason) {
        try (LogCapture log = LogCapture.of(PlatformSecurity.class.getName())) {
            assertThrows(ExecutionException.class, () -> AmqpConsumer.connect(platform, credentials));
            assertTrue(log.contains("refused AMQP login", reason), log.messages().toString());
        }
    }
}
