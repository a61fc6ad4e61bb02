package io.meterlink.alert.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns request errors into 400s with an {@link ApiError} body instead of a stack trace or an empty answer. */
public class ApiErrorMappers {

    @ServerExceptionMapper
    public Response badField(BadRequestField e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(e.getMessage(), e.field())).build();
    }

    /** The JSON reader reports an unreadable body as a bare 400; give it a body that says so. */
    @ServerExceptionMapper
    public Response unreadableBody(WebApplicationException e) {
        if (e.getResponse().getStatus() == Response.Status.BAD_REQUEST.getStatusCode()
                && e.getCause() instanceof JsonProcessingException json) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError("request body is not valid JSON: " + json.getOriginalMessage(), "body"))
                    .build();
        }
        return e.getResponse();
    }
}
