package io.meterlink.ingest.messaging;

import io.meterlink.domain.signing.AmqpAuthResult;
import io.meterlink.domain.signing.AmqpSigner;
import io.meterlink.domain.signing.SignMethod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The options hand Vert.x a freshly signed, self-consistent login at each connect. */
class AliyunAmqpClientOptionsTest {

    private static final Map<String, String> SECRETS = Map.of("LTAI5tTestKey", "test-secret-value");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final AtomicLong clock = new AtomicLong(1_764_000_000_000L);
    private final AtomicInteger minted = new AtomicInteger();
    private final AmqpLogin login = new AmqpLogin("LTAI5tTestKey", "test-secret-value", "ingest", "iot-testbed",
            "pod-a-1", SignMethod.HMACSHA1, clock::get, minted::incrementAndGet);
    private final AliyunAmqpClientOptions options = new AliyunAmqpClientOptions(login);

    @Test
    void eachConnectSignsTheCurrentTimeAndTheSignatureVerifies() {
        String firstUser = options.getUsername();
        String firstPassword = options.getPassword();
        assertAccepted(firstUser, firstPassword, clock.get());
        assertTrue(firstUser.contains("timestamp=" + clock.get() + ","), firstUser);
        assertTrue(firstUser.startsWith("pod-a-1|authMode=aksign,signMethod=hmacsha1,"), firstUser);
        assertTrue(firstUser.contains("consumerGroupId=ingest|"), firstUser);

        clock.addAndGet(Duration.ofHours(3).toMillis());
        // A reconnect three hours later: the first login is stale by then, the new one is not.
        assertDenied(firstUser, firstPassword, clock.get());
        String secondUser = options.getUsername();
        String secondPassword = options.getPassword();
        assertNotEquals(firstUser, secondUser);
        assertAccepted(secondUser, secondPassword, clock.get());
        assertEquals(2, minted.get());
        assertEquals(clock.get(), login.lastTimestamp());
    }

    @Test
    void passwordBelongsToTheUserNameMintedJustBeforeIt() {
        String user = options.getUsername();
        clock.incrementAndGet();
        // Vert.x reads the password right after the userName; a millisecond tick in between must not split them.
        assertAccepted(user, options.getPassword(), clock.get());
        assertEquals(1, minted.get());
    }

    @Test
    void configuredCredentialsAreIgnoredBecauseTheyWouldBeStale() {
        options.setUsername("static-user").setPassword("static-password");
        String user = options.getUsername();
        assertTrue(user.startsWith("pod-a-1|authMode=aksign"), user);
        assertAccepted(user, options.getPassword(), clock.get());
    }

    @Test
    void toStringNeverShowsTheSecret() {
        options.setHost("example.iot-amqp.cn-shanghai.aliyuncs.com");
        options.getUsername();
        String text = options + " " + login;
        assertTrue(!text.contains("test-secret-value") && !text.contains(options.getPassword()), text);
    }

    @Test
    void unusableLoginValuesFailAtStartUp() {
        assertThrows(IllegalArgumentException.class, () -> new AmqpLogin("key", "secret", "ingest", "",
                "pod|1", SignMethod.HMACSHA1, clock::get, null));
        assertThrows(IllegalArgumentException.class, () -> new AmqpLogin("key", "", "ingest", "",
                "pod-1", SignMethod.HMACSHA1, clock::get, null));
    }

    private static void assertAccepted(String user, String password, long now) {
        AmqpAuthResult result = AmqpSigner.verify(user, password, id -> Optional.ofNullable(SECRETS.get(id)), now,
                WINDOW);
        assertInstanceOf(AmqpAuthResult.Accepted.class, result, result.toString());
    }

    private static void assertDenied(String user, String password, long now) {
        AmqpAuthResult result = AmqpSigner.verify(user, password, id -> Optional.ofNullable(SECRETS.get(id)), now,
                WINDOW);
        assertInstanceOf(AmqpAuthResult.Denied.class, result, result.toString());
    }
}
