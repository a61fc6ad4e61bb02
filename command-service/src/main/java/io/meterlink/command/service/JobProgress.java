package io.meterlink.command.service;

import io.meterlink.command.model.CommandState;
import io.meterlink.command.repository.CommandJobEntity;
import java.util.Map;

/** A job with how many of its commands are in each state; the counts always add up to {@code job.total}. */
public record JobProgress(CommandJobEntity job, Map<CommandState, Long> counts) {

    public long count(CommandState state) {
        return counts.getOrDefault(state, 0L);
    }
}
