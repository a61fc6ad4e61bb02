package io.meterlink.command.service;

/**
 * Fired inside the transaction that stored new commands (or resumed a job); observed after commit by this replica's
 * sender, which then starts at once instead of waiting for the database notification to come round.
 */
public record CommandsAccepted(int count) {
}
