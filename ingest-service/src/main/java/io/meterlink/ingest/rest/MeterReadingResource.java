package io.meterlink.ingest.rest;

import io.meterlink.ingest.repository.ReadingRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Read access to stored readings, for operators checking that a meter reports (and for the end-to-end tests): a
 * meter's latest reading and its readings in a time range.
 */
@Path("/meters/{productKey}/{deviceName}/readings")
@Produces(MediaType.APPLICATION_JSON)
public class MeterReadingResource {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    static final Duration MAX_RANGE = Duration.ofDays(31);

    private final ReadingRepository readings;

    public MeterReadingResource(ReadingRepository readings) {
        this.readings = readings;
    }

    @GET
    @Path("/latest")
    public Response latest(@PathParam("productKey") String productKey, @PathParam("deviceName") String deviceName) {
        return readings.latest(productKey, deviceName)
                .map(r -> Response.ok(ReadingView.of(r)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(new ApiError(null, "no reading stored for " + productKey + "/" + deviceName))
                        .build());
    }

    /** Readings with {@code from <= generateTime < to} (ISO-8601 instants), oldest first. */
    @GET
    public Response range(@PathParam("productKey") String productKey, @PathParam("deviceName") String deviceName,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") Integer limit) {
        Instant start;
        Instant end;
        try {
            start = instant("from", from);
            end = instant("to", to);
        } catch (InvalidParameter e) {
            return badRequest(e.field, e.getMessage());
        }
        if (!end.isAfter(start)) {
            return badRequest("to", "to must be after from");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            return badRequest("to", "the range may span at most " + MAX_RANGE.toDays() + " days");
        }
        int max = limit == null ? DEFAULT_LIMIT : limit;
        if (max < 1 || max > MAX_LIMIT) {
            return badRequest("limit", "limit must be 1-" + MAX_LIMIT);
        }
        List<ReadingView> views = readings.between(productKey, deviceName, start, end, max).stream()
                .map(ReadingView::of)
                .toList();
        return Response.ok(views).build();
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameter(field, field + " is required (ISO-8601 instant, e.g. 2026-11-25T00:00:00Z)");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(field, field + " '" + value + "' is not an ISO-8601 instant");
        }
    }

    private static Response badRequest(String field, String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new ApiError(field, message)).build();
    }

    /** A query parameter that cannot be used, with its name for the 400 answer. */
    private static final class InvalidParameter extends RuntimeException {
        private final String field;

        InvalidParameter(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
