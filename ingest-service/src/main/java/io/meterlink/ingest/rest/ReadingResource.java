package io.meterlink.ingest.rest;

import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;

import io.meterlink.api.QueryParams;
import io.meterlink.api.Roles;
import io.meterlink.ingest.service.ReadingHistory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;


import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The read API of stored readings, for operators checking that a meter reports (and for the end-to-end tests): a
 * meter's latest reading and its readings in a time range. Household consumption is personal data, so every
 * operation needs a bearer token with role {@code operator} or {@code admin}.
 */
@Path("/api/v1/readings/{productKey}/{deviceName}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@SecurityRequirement(name = "SecurityScheme", scopes = {Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "Readings")
public class ReadingResource {

    /** Largest page: a 31-day range of a meter reporting every 15 minutes (2,976 readings) is three pages. */
    static final int MAX_PAGE_SIZE = 1000;

    private final ReadingHistory history;

    public ReadingResource(ReadingHistory history) {
        this.history = history;
    }

    @GET
    @Operation(summary = "A meter's readings in a time range, oldest first",
            description = "Readings with from <= generateTime < to (at most 31 days), a page at a time; total counts "
                    + "every reading in the range. Roles: operator, admin.")
    @APIResponse(responseCode = "200", description = "One page of readings")
    @APIResponse(responseCode = "400", description = "from, to, page or size missing or invalid, named in field")
    public Page<ReadingView> range(@PathParam("productKey") String productKey,
            @PathParam("deviceName") String deviceName,
            @Parameter(description = "Start of the range, inclusive (ISO-8601 instant, e.g. 2026-11-25T00:00:00Z)",
                    required = true) @QueryParam("from") String from,
            @Parameter(description = "End of the range, exclusive (ISO-8601 instant); at most 31 days after from",
                    required = true) @QueryParam("to") String to,
            @Parameter(description = "Page, counting from 0 (default 0)") @QueryParam("page") Integer page,
            @Parameter(description = "Readings per page, 1-" + MAX_PAGE_SIZE + " (default 50)")
            @QueryParam("size") Integer size) {
        Instant start = QueryParams.requiredInstant("from", from);
        Instant end = QueryParams.requiredInstant("to", to);
        PageRequest request = PageRequest.of(page, size, MAX_PAGE_SIZE);
        return history.between(productKey, deviceName, start, end, request).map(ReadingView::of);
    }

    @GET
    @Path("/latest")
    @Operation(summary = "A meter's latest reading", description = "Roles: operator, admin.")
    @APIResponse(responseCode = "200", description = "The reading with the newest generateTime")
    @APIResponse(responseCode = "404", description = "No reading stored for this meter")
    public ReadingView latest(@PathParam("productKey") String productKey,
            @PathParam("deviceName") String deviceName) {
        return ReadingView.of(history.latest(productKey, deviceName));
    }
}
