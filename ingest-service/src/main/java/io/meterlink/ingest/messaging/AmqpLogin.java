package io.meterlink.ingest.messaging;

import io.meterlink.domain.signing.AmqpCredentials;
import io.meterlink.domain.signing.AmqpSigner;
import io.meterlink.domain.signing.SignMethod;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Mints the {@code aksign} login of one AMQP connection. The platform checks the timestamp inside the userName and
 * password, so a login computed once at start-up would be refused on the first reconnect after it went stale: every
 * call of {@link #mint()} signs the current time.
 */
public final class AmqpLogin {

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String consumerGroupId;
    private final String iotInstanceId;
    private final String clientId;
    private final SignMethod method;
    private final LongSupplier clock;
    private final Runnable onMint;
    private final AtomicLong lastTimestamp = new AtomicLong(-1);
    private final AtomicLong mints = new AtomicLong();

    /**
     * @param clock  epoch milliseconds; the system clock in production
     * @param onMint called once per minted login (counts connection attempts)
     * @throws IllegalArgumentException when a value cannot be part of the login (checked here, at start-up)
     */
    public AmqpLogin(String accessKeyId, String accessKeySecret, String consumerGroupId, String iotInstanceId,
            String clientId, SignMethod method, LongSupplier clock, Runnable onMint) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.consumerGroupId = consumerGroupId;
        this.iotInstanceId = iotInstanceId == null ? "" : iotInstanceId;
        this.clientId = clientId;
        this.method = Objects.requireNonNull(method, "method");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onMint = onMint == null ? () -> { } : onMint;
        AmqpSigner.credentials(accessKeyId, accessKeySecret, consumerGroupId, this.iotInstanceId, clientId, method, 0);
    }

    /** A login signed with the current time. */
    public AmqpCredentials mint() {
        long now = clock.getAsLong();
        AmqpCredentials credentials = AmqpSigner.credentials(accessKeyId, accessKeySecret, consumerGroupId,
                iotInstanceId, clientId, method, now);
        lastTimestamp.set(now);
        mints.incrementAndGet();
        onMint.run();
        return credentials;
    }

    public String clientId() {
        return clientId;
    }

    /** Timestamp signed by the latest {@link #mint()}, -1 before the first. */
    public long lastTimestamp() {
        return lastTimestamp.get();
    }

    /** Logins minted so far (one per connection attempt). */
    public long mints() {
        return mints.get();
    }

    @Override
    public String toString() {
        return "AmqpLogin[clientId=" + clientId + ", consumerGroupId=" + consumerGroupId + ", accessKeyId="
                + accessKeyId + ", secret=***]";
    }
}
