package io.meterlink.command.repository;

import io.meterlink.command.model.Route;
import java.time.Instant;
import java.util.UUID;

/**
 * A command a sender has just moved to SENDING: everything needed to send it and to record the outcome.
 *
 * @param attempts this attempt's number, starting at 1
 * @param route    how the meter is reached now (override first, then migration state)
 */
public record ClaimedCommand(UUID id, String productKey, String deviceName, String payload, Route route,
        int attempts, Instant expiresAt, UUID jobId) {
}
