package io.meterlink.alert.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses query parameters with errors that name the parameter and list what is accepted. */
final class RequestParams {

    static final int MAX_PAGE_SIZE = 500;

    private RequestParams() {
    }

    static <E extends Enum<E>> E enumValue(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestField(field, field + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", ")) + ", not '" + value + "'");
        }
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestField(field, field + " must be an ISO-8601 instant such as 2026-01-31T08:00:00Z, not '"
                    + value + "'");
        }
    }

    static int page(int page) {
        if (page < 0) {
            throw new BadRequestField("page", "page must be 0 or more");
        }
        return page;
    }

    static int size(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadRequestField("size", "size must be between 1 and " + MAX_PAGE_SIZE);
        }
        return size;
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
