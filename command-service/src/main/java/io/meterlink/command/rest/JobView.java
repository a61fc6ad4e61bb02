package io.meterlink.command.rest;

import io.meterlink.command.model.CommandState;
import io.meterlink.command.model.JobState;
import io.meterlink.command.repository.CommandJobEntity;
import io.meterlink.command.service.JobProgress;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A job and its progress. {@code waiting + sending + sent + failed + expired + cancelled == total}.
 *
 * @param waiting commands not sent yet (ACCEPTED, including those waiting for a retry or held by a pause)
 * @param sending commands a sender is sending right now
 */
@RegisterForReflection
public record JobView(UUID id, JobState state, List<String> args, String productKey, int total, long waiting,
        long sending, long sent, long failed, long expired, long cancelled, String createdBy, Instant createdAt,
        String updatedBy, Instant updatedAt, Instant finishedAt, Instant expiresAt) {

    static JobView of(JobProgress p) {
        CommandJobEntity j = p.job();
        return new JobView(j.id, j.state, Arrays.asList(j.args.split(",")), j.productKey, j.total,
                p.count(CommandState.ACCEPTED), p.count(CommandState.SENDING), p.count(CommandState.SENT),
                p.count(CommandState.FAILED), p.count(CommandState.EXPIRED), p.count(CommandState.CANCELLED),
                j.createdBy, j.createdAt, j.updatedBy, j.updatedAt, j.finishedAt, j.expiresAt);
    }
}
