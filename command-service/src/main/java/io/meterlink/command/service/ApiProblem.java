package io.meterlink.command.service;

/**
 * A request the service refuses, with the HTTP status it maps to and, for bad input, the field at fault. Thrown by
 * services so the REST layer stays thin; the REST layer turns it into a problem body.
 */
public class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    private ApiProblem(int status, String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    /** 400: {@code field} is invalid, {@code detail} says why. */
    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(400, field, detail);
    }

    /** 404. */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, null, detail);
    }

    /** 409: the change conflicts with the current state. */
    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, null, detail);
    }

    /** 422: an Idempotency-Key reused for a different request. */
    public static ApiProblem keyReused(String detail) {
        return new ApiProblem(422, "Idempotency-Key", detail);
    }

    public int status() {
        return status;
    }

    /** The offending field, or null when the problem is not about one field. */
    public String field() {
        return field;
    }
}
