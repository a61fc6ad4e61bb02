package io.meterlink.ingest.messaging;

import io.meterlink.domain.signing.AmqpCredentials;
import io.vertx.amqp.AmqpClientOptions;

import java.util.Objects;

/**
 * Vert.x AMQP client options whose SASL userName/password are freshly signed on every connect.
 *
 * <p>Why a subclass works: the SmallRye AMQP connector hands this very instance (the {@code client-options-name}
 * bean) to {@code AmqpClient.create}, and Vert.x' {@code AmqpConnectionImpl} reads {@code getUsername()} and then
 * {@code getPassword()} from it each time it opens a connection, including every reconnect of the connector's
 * {@code ConnectionHolder}; nothing copies the strings in between (checked against vertx-amqp-client 4.5 and
 * smallrye-reactive-messaging-amqp 4.33). {@link #getUsername()} therefore mints a new login and
 * {@link #getPassword()} returns the password of that same login, so both carry one timestamp.
 */
public final class AliyunAmqpClientOptions extends AmqpClientOptions {

    private final AmqpLogin login;
    private volatile AmqpCredentials current;

    public AliyunAmqpClientOptions(AmqpLogin login) {
        this.login = Objects.requireNonNull(login, "login");
    }

    public AmqpLogin login() {
        return login;
    }

    /** A newly signed userName; the matching password is what {@link #getPassword()} returns next. */
    @Override
    public String getUsername() {
        AmqpCredentials minted = login.mint();
        current = minted;
        return minted.userName();
    }

    /** The password signed together with the latest userName (a fresh login if none was minted yet). */
    @Override
    public String getPassword() {
        AmqpCredentials latest = current;
        if (latest == null) {
            latest = login.mint();
            current = latest;
        }
        return latest.password();
    }

    /** Credentials are computed, never stored: a configured value would be a stale signature. */
    @Override
    public AmqpClientOptions setUsername(String username) {
        return this;
    }

    /** Credentials are computed, never stored: a configured value would be a stale signature. */
    @Override
    public AmqpClientOptions setPassword(String password) {
        return this;
    }

    @Override
    public String toString() {
        return "AliyunAmqpClientOptions[" + getHost() + ":" + getPort() + ", ssl=" + isSsl() + ", " + login + "]";
    }
}
