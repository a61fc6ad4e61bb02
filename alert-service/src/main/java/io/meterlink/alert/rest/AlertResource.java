package io.meterlink.alert.rest;

import io.meterlink.alert.repository.AlertFilter;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.rule.RuleIds;
import io.meterlink.alert.service.AlertActions;
import io.meterlink.api.ApiProblem;
import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.meterlink.api.QueryParams;
import io.meterlink.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Alerts for the O&M desk: search them, look at one, acknowledge one. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "Alerts", description = "Alerts raised by the rules over meter readings")
public class AlertResource {

    /** Largest page a caller may ask for. */
    static final int MAX_PAGE_SIZE = 500;

    @Inject
    AlertRepository alerts;

    @Inject
    AlertActions actions;

    @Inject
    JsonWebToken token;

    @GET
    @Operation(summary = "Search alerts, newest first")
    @APIResponse(responseCode = "200", description = "One page of matching alerts")
    @APIResponse(responseCode = "400", description = "A filter or paging parameter is invalid; field names it")
    public Page<AlertView> list(
            @Parameter(description = "OPEN, ACKNOWLEDGED or RESOLVED (any case)") @QueryParam("status") String status,
            @Parameter(description = "alarm_code, energy_backwards, weak_signal, missing_report or "
                    + "status:<status bit key>") @QueryParam("rule") String rule,
            @QueryParam("productKey") String productKey, @QueryParam("deviceName") String deviceName,
            @Parameter(description = "Opened at or after this ISO-8601 instant",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("openedFrom") String openedFrom,
            @Parameter(description = "Opened before this ISO-8601 instant",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("openedTo") String openedTo,
            @Parameter(description = "Page, counting from 0") @QueryParam("page") Integer page,
            @Parameter(description = "Page size, 1 to 500 (default 50)") @QueryParam("size") Integer size) {
        String ruleId = QueryParams.text(rule);
        if (ruleId != null && !RuleIds.isKnown(ruleId)) {
            throw ApiProblem.invalid("rule", "rule must be alarm_code, energy_backwards, weak_signal, "
                    + "missing_report or status:<status bit key>, not '" + rule + "'");
        }
        AlertFilter filter = new AlertFilter(QueryParams.enumOf("status", status, AlertStatus.class), ruleId,
                QueryParams.text(productKey), QueryParams.text(deviceName),
                QueryParams.instant("openedFrom", openedFrom), QueryParams.instant("openedTo", openedTo));
        PageRequest p = PageRequest.of(page, size, MAX_PAGE_SIZE);
        return new Page<>(alerts.search(filter, p.page(), p.size()).stream().map(AlertView::of).toList(), p.page(),
                p.size(), alerts.count(filter));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One alert")
    @APIResponse(responseCode = "200", description = "The alert")
    @APIResponse(responseCode = "404", description = "No alert with this id")
    public AlertView get(@PathParam("id") long id) {
        return alerts.findByIdOptional(id).map(AlertView::of)
                .orElseThrow(() -> ApiProblem.notFound("no alert " + id));
    }

    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge an open alert",
            description = "Stops repeat SMS; the alert stays unresolved until its condition clears. The body (an "
                    + "optional note) may be left out.")
    @APIResponse(responseCode = "200", description = "The alert, acknowledged")
    @APIResponse(responseCode = "400", description = "The note is longer than 500 characters, or the body is not "
            + "valid JSON")
    @APIResponse(responseCode = "404", description = "No alert with this id")
    @APIResponse(responseCode = "409", description = "The alert is resolved or already acknowledged (field status)")
    public AlertView acknowledge(@PathParam("id") long id, AcknowledgeRequest request) {
        String note = request == null ? null : QueryParams.text(request.note());
        if (note != null && note.length() > AcknowledgeRequest.MAX_NOTE_LENGTH) {
            throw ApiProblem.invalid("note", "note must be at most " + AcknowledgeRequest.MAX_NOTE_LENGTH
                    + " characters");
        }
        return AlertView.of(actions.acknowledge(id, token.getName(), note));
    }

    /** The same without a body (no note): a bare POST from a button or curl. Hidden: the operation above says it. */
    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public AlertView acknowledgeWithoutNote(@PathParam("id") long id) {
        return acknowledge(id, null);
    }
}
