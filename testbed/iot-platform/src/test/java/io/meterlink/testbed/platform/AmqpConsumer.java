package io.meterlink.testbed.platform;

import io.meterlink.domain.signing.AmqpCredentials;
import io.meterlink.domain.signing.AmqpSigner;
import io.meterlink.domain.signing.SignMethod;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A backend's AMQP receiver on a consumer group, built with the Vert.x AMQP client (what smallrye-amqp uses), logging
 * in with aksign credentials. Messages are collected unsettled; tests settle, release or abandon them.
 */
final class AmqpConsumer implements AutoCloseable {

    private final Vertx vertx;
    private final AmqpClient client;
    private final AmqpConnection connection;
    final BlockingQueue<AmqpMessage> received = new LinkedBlockingQueue<>();

    private AmqpConsumer(Vertx vertx, AmqpClient client, AmqpConnection connection) {
        this.vertx = vertx;
        this.client = client;
        this.connection = connection;
    }

    static AmqpCredentials credentials(IotPlatform platform, String groupId, long timestampMs) {
        return AmqpSigner.credentials(platform.accessKeyId(), platform.accessKeySecret(), groupId,
                platform.instanceId(), "test-" + System.nanoTime(), SignMethod.HMACSHA1, timestampMs);
    }

    /** Connects (SASL PLAIN) with the given credentials; fails when the platform refuses the login. */
    static AmqpConsumer connect(IotPlatform platform, AmqpCredentials credentials) throws Exception {
        Vertx vertx = Vertx.vertx();
        AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions()
                .setHost(platform.amqpHost()).setPort(platform.amqpPort())
                .setUsername(credentials.userName()).setPassword(credentials.password())
                .setConnectTimeout(5000));
        try {
            AmqpConnection connection = await(client.connect());
            return new AmqpConsumer(vertx, client, connection);
        } catch (Exception e) {
            await(vertx.close());
            throw e;
        }
    }

    static AmqpConsumer connect(IotPlatform platform, String groupId) throws Exception {
        return connect(platform, credentials(platform, groupId, System.currentTimeMillis()));
    }

    /** Attaches a receiver to {@code address}; messages are not settled automatically. */
    AmqpReceiver receive(String address) throws Exception {
        AmqpReceiver receiver = await(connection.createReceiver(address,
                new AmqpReceiverOptions().setAutoAcknowledgement(false)));
        receiver.handler(received::add);
        return receiver;
    }

    AmqpConnection connection() {
        return connection;
    }

    AmqpMessage next() throws InterruptedException {
        AmqpMessage message = received.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no AMQP message within 10 s");
        }
        return message;
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            await(connection.close());
        } catch (Exception e) {
            // Already closed by the broker in refusal tests.
        }
        await(client.close());
        await(vertx.close());
    }
}
