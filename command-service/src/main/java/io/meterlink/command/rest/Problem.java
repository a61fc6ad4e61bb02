package io.meterlink.command.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The body of every error response (in the spirit of RFC 9457): what went wrong and, for bad input, which field
 * and why, so a mobile app can show it next to the right input.
 *
 * @param field  the offending field when there is one (first of {@code errors})
 * @param errors every invalid field found
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(int status, String title, String detail, String field, List<FieldError> errors) {

    /** One invalid field. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }

    static Problem of(int status, String title, String detail) {
        return new Problem(status, title, detail, null, null);
    }

    static Problem invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new Problem(400, "Bad Request", detail, errors.isEmpty() ? null : errors.get(0).field(), errors);
    }
}
