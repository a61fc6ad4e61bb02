package io.meterlink.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every refusal of every service into a {@link Problem} body ({@value Problem#MEDIA_TYPE}) with the right
 * status: the services' own {@link ApiProblem}s, Bean Validation, unreadable JSON, JAX-RS' own 404/405/415, missing or
 * insufficient credentials, and anything unexpected (logged, answered without internals).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e) {
        return answer(e.toProblem());
    }

    /** Bean Validation on request bodies, path and query parameters: every invalid field, sorted by name. */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        return answer(Problem.invalid(errors));
    }

    /** JSON that parses but does not fit (a string where a list belongs, an unknown enum value...). */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return answer(Problem.invalid(List.of(new Problem.FieldError(pathOf(e), "has the wrong type or value: "
                + e.getOriginalMessage()))));
    }

    /** Body that is not JSON at all. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return answer(Problem.ofField(400, "body", "request body is not valid JSON: " + e.getOriginalMessage()));
    }

    /** No token, or one that does not verify (signature, issuer, audience, expiry). */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    /** A token that failed verification (proactive authentication off: the resource asked for the identity). */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated();
    }

    /** A valid token without a role the operation allows. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return answer(Problem.of(403, "the token's roles do not allow this operation"));
    }

    /** JAX-RS' own refusals (unknown path 404, wrong method 405, unsupported media type 415...). */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // The JSON reader wraps what Jackson said in a bare 400; say it again, with the field where there is one.
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatchedInput(mismatch);
        }
        if (e.getCause() instanceof JsonProcessingException parse) {
            return malformedJson(parse);
        }
        Response r = e.getResponse();
        if (r.hasEntity()) {
            return r;
        }
        int status = r.getStatus();
        Response.ResponseBuilder answer = Response.fromResponse(r).entity(Problem.of(status, e.getMessage()))
                .type(PROBLEM);
        return answer.build();
    }

    /**
     * Anything unexpected: logged with its stack, answered without internals. A database failure that is over by
     * itself is a 503 with Retry-After instead: the client can send the request again.
     */
    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(RuntimeException e) {
        Optional<String> transientState = TransientDatabaseFailure.sqlState(e);
        if (transientState.isPresent()) {
            LOG.warnf("request failed on a transient database error (SQLState %s), answered 503: %s",
                    transientState.get(), e.getMessage());
            return Response.fromResponse(answer(Problem.of(503, "the database could not complete the request "
                    + "(SQLState " + transientState.get() + "); retry it, with the same Idempotency-Key if it had "
                    + "one"))).header(HttpHeaders.RETRY_AFTER, 1).build();
        }
        LOG.error("request failed", e);
        return answer(Problem.of(500, "the request could not be completed; see the service log"));
    }

    /** The response for {@code problem}, with its status and the problem media type. */
    public static Response answer(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM).entity(problem).build();
    }

    private static Response unauthenticated() {
        return Response.fromResponse(answer(Problem.of(401, "a valid bearer token is required")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /**
     * {@code submit.request.args[1].<list element>} → {@code args[1]}: the method name goes, a body parameter's name
     * goes, a query or path parameter's name stays (it is the field the caller sent).
     */
    static String fieldOf(Path path) {
        List<String> parts = new ArrayList<>();
        boolean startsWithParameter = false;
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> {
                    parts.clear();
                    parts.add(node.getName());
                    startsWithParameter = true;
                }
                default -> {
                    String name = node.getName();
                    String index = node.getIndex() != null ? "[" + node.getIndex() + "]"
                            : node.getKey() != null ? "[" + node.getKey() + "]" : "";
                    if (node.isInIterable() && !index.isEmpty() && !parts.isEmpty()) {
                        // The index of an element belongs to the collection named before it: targets[3].
                        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + index);
                    }
                    if (name != null && !name.startsWith("<")) {
                        parts.add(name);
                    }
                }
            }
        }
        if (startsWithParameter && parts.size() > 1) {
            parts.remove(0);
        }
        return parts.isEmpty() ? "body" : String.join(".", parts);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }
}
