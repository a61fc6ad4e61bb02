package io.meterlink.command.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.meterlink.command.repository.PersistenceFailure;
import io.meterlink.command.service.ApiProblem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every refusal into a {@link Problem} body with the right status; 400s name the field and why. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e) {
        String title = switch (e.status()) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Content";
            default -> "Error";
        };
        Problem body = e.field() != null
                ? Problem.invalid(List.of(new Problem.FieldError(e.field(), e.getMessage())))
                : Problem.of(e.status(), title, e.getMessage());
        if (e.status() != 400) {
            body = new Problem(e.status(), title, e.getMessage(), e.field(), body.errors());
        }
        return json(e.status(), body);
    }

    /** Bean Validation on request bodies, path and query parameters. */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        return json(400, Problem.invalid(errors));
    }

    /** JSON that parses but does not fit (a string where a list belongs, an unknown enum value...). */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(400, Problem.invalid(List.of(new Problem.FieldError(pathOf(e), "has the wrong type or value: "
                + e.getOriginalMessage()))));
    }

    /** Body that is not JSON at all. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return json(400, Problem.of(400, "Bad Request", "request body is not valid JSON: " + e.getOriginalMessage()));
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
        Response.StatusType status = r.getStatusInfo();
        return json(status.getStatusCode(), Problem.of(status.getStatusCode(), status.getReasonPhrase(),
                e.getMessage()));
    }

    /**
     * Anything unexpected: logged with its stack, answered without internals. A database failure that is over by
     * itself (deadlock victim, lost connection, failover) is a 503 with Retry-After instead: every write runs in one
     * transaction, so the request was applied entirely or not at all, and the client can send it again.
     */
    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(RuntimeException e) {
        var transientState = PersistenceFailure.transientState(e);
        if (transientState.isPresent()) {
            LOG.warnf("request failed on a transient database error (SQLState %s), answered 503: %s",
                    transientState.get(), e.getMessage());
            return Response.fromResponse(json(503, Problem.of(503, "Service Unavailable", "the database could not "
                    + "complete the request (SQLState " + transientState.get() + "); retry it, with the same "
                    + "Idempotency-Key if it had one")))
                    .header("Retry-After", 1).build();
        }
        LOG.error("request failed", e);
        return json(500, Problem.of(500, "Internal Server Error", "the request could not be completed; see the "
                + "service log"));
    }

    private static Response json(int status, Problem body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
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
