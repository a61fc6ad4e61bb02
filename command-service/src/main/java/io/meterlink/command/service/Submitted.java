package io.meterlink.command.service;

/**
 * Result of a submit: the stored command or job, and whether it already existed under the caller's
 * Idempotency-Key (a retried request), in which case nothing new was created.
 */
public record Submitted<T>(T value, boolean replayed) {
}
