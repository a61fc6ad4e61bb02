package io.meterlink.command.rest;

import io.meterlink.command.model.CommandState;
import io.meterlink.command.model.Route;
import io.meterlink.command.repository.CommandEntity;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A command as the API shows it.
 *
 * @param route     how it was (or is being) sent; null until a sender picked it up
 * @param messageId the IoT Platform's MessageId once SENT
 * @param errorCode the last error: why it FAILED or EXPIRED, or what an earlier attempt of a SENT one met
 */
@RegisterForReflection
public record CommandView(UUID id, String productKey, String deviceName, int seq, List<String> args,
        String payload, CommandState state, Route route, UUID jobId, String requestedBy, Instant createdAt,
        Instant expiresAt, int attempts, String messageId, Instant sentAt, Instant finishedAt, String errorCode,
        String errorMessage) {

    static CommandView of(CommandEntity c) {
        return new CommandView(c.id, c.productKey, c.deviceName, c.seq, Arrays.asList(c.args.split(",")), c.payload,
                c.state, c.route, c.jobId, c.requestedBy, c.createdAt, c.expiresAt, c.attempts, c.messageId,
                c.sentAt, c.finishedAt, c.errorCode, c.errorMessage);
    }
}
