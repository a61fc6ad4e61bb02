package io.meterlink.command.rest;

import io.meterlink.command.service.ApiProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * Parses query and path parameters by hand: JAX-RS answers a failed conversion with a bare 404, where callers need
 * a 400 that names the parameter.
 */
final class QueryParams {

    private QueryParams() {
    }

    static <E extends Enum<E>> E enumOf(String field, String value, Class<E> type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, "'" + value + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, "'" + value + "' is not a UUID");
        }
    }
}
