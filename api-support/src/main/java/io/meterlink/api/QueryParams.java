package io.meterlink.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Parses query and path parameters by hand: JAX-RS answers a failed conversion with a bare 404, where callers need
 * a 400 that names the parameter and says what is accepted.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A trimmed text, null when absent or blank. */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** An enum constant, case-insensitive; null when absent. */
    public static <E extends Enum<E>> E enumOf(String field, String value, Class<E> type) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, field + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", ")) + ", not '" + value + "'");
        }
    }

    /** An ISO-8601 instant; null when absent. */
    public static Instant instant(String field, String value) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, field + " must be an ISO-8601 instant such as 2026-01-31T08:00:00Z, not '"
                    + value + "'");
        }
    }

    /** An ISO-8601 instant the request cannot do without. */
    public static Instant requiredInstant(String field, String value) {
        Instant instant = instant(field, value);
        if (instant == null) {
            throw ApiProblem.invalid(field, field + " is required (an ISO-8601 instant such as 2026-01-31T08:00:00Z)");
        }
        return instant;
    }

    /** A UUID (path parameters of resources named by one). */
    public static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.invalid(field, field + " must be a UUID, not '" + value + "'");
        }
    }
}
