package io.meterlink.ingest.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of every 4xx answer.
 *
 * @param field the request parameter at fault, or null when the problem is not one parameter
 */
@RegisterForReflection
public record ApiError(String field, String message) {
}
