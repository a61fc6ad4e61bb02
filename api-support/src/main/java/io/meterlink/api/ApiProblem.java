package io.meterlink.api;

/**
 * A request a service refuses, with the HTTP status it maps to and, for bad input, the field at fault. Thrown by
 * services and resources alike so resources stay thin; {@link ProblemMappers} turns it into a {@link Problem} body.
 */
public class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    protected ApiProblem(int status, String field, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** 400: {@code field} is invalid, {@code detail} says why. */
    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(400, field, detail);
    }

    /** 404: nothing under this name. */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, null, detail);
    }

    /** 409: the change conflicts with the current state ({@code field} may name the state, or be null). */
    public static ApiProblem conflict(String field, String detail) {
        return new ApiProblem(409, field, detail);
    }

    /** 409 not tied to one field. */
    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, null, detail);
    }

    /** 422: an Idempotency-Key reused for a different request. */
    public static ApiProblem keyReused(String detail) {
        return new ApiProblem(422, "Idempotency-Key", detail);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The offending field, or null when the problem is not about one field. */
    public String field() {
        return field;
    }

    /** The body this problem is answered with. */
    public Problem toProblem() {
        return field != null ? Problem.ofField(status, field, getMessage()) : Problem.of(status, getMessage());
    }
}
