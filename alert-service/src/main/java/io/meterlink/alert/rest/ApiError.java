package io.meterlink.alert.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of every 4xx answer: what went wrong, and which request field caused it (null when no single field did).
 */
@RegisterForReflection
public record ApiError(String error, String field) {
}
