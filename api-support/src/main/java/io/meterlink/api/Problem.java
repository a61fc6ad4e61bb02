package io.meterlink.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of every 4xx and 5xx answer of every MeterLink service: RFC 9457 problem details
 * ({@value #MEDIA_TYPE}), with the extension members {@code field} and {@code errors} for bad input, so a mobile app
 * can show the message next to the right input.
 *
 * @param type   a URI naming the kind of problem; {@code about:blank} when the HTTP status says it all
 * @param title  short, human-readable summary of the kind of problem (the status' reason phrase for about:blank)
 * @param status the HTTP status code
 * @param detail what went wrong with this request
 * @param field  the offending field when there is one (the first of {@code errors})
 * @param errors every invalid field found
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, List<FieldError> errors) {

    /** The media type of every problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The problem type of a request with invalid fields; {@code errors} lists them. */
    public static final String INVALID_REQUEST = "urn:meterlink:problem:invalid-request";
    /** No more specific type than the HTTP status. */
    public static final String ABOUT_BLANK = "about:blank";

    /** One invalid field and why. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }

    /** A problem the HTTP status describes, with what went wrong in this request. */
    public static Problem of(int status, String detail) {
        return new Problem(ABOUT_BLANK, reasonPhrase(status), status, detail, null, null);
    }

    /** A problem about one field (any status: 400 for bad input, 409 for a state that forbids the change...). */
    public static Problem ofField(int status, String field, String detail) {
        if (status == 400) {
            return invalid(List.of(new FieldError(field, detail)));
        }
        return new Problem(ABOUT_BLANK, reasonPhrase(status), status, detail, field, null);
    }

    /** 400 listing every invalid field; {@code detail} joins them for clients that show one line. */
    public static Problem invalid(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new Problem(INVALID_REQUEST, "Invalid request", 400, detail,
                errors.isEmpty() ? null : errors.get(0).field(), errors.isEmpty() ? null : List.copyOf(errors));
    }

    /** The reason phrase of the statuses MeterLink answers, "Error" for any other. */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Error";
        };
    }
}
