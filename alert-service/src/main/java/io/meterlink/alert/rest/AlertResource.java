package io.meterlink.alert.rest;

import io.meterlink.alert.repository.AlertFilter;
import io.meterlink.alert.repository.AlertRepository;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.rule.RuleIds;
import io.meterlink.alert.service.AlertActions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/** Alerts for the O&M desk: search them, look at one, acknowledge one. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "admin"})
public class AlertResource {

    @Inject
    AlertRepository alerts;

    @Inject
    AlertActions actions;

    @Inject
    JsonWebToken token;

    @GET
    public PageView<AlertView> list(@QueryParam("status") String status, @QueryParam("rule") String rule,
            @QueryParam("productKey") String productKey, @QueryParam("deviceName") String deviceName,
            @QueryParam("openedFrom") String openedFrom, @QueryParam("openedTo") String openedTo,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        String ruleId = RequestParams.text(rule);
        if (ruleId != null && !RuleIds.isKnown(ruleId)) {
            throw new BadRequestField("rule", "rule must be alarm_code, energy_backwards, weak_signal, "
                    + "missing_report or status:<status bit key>, not '" + rule + "'");
        }
        AlertFilter filter = new AlertFilter(RequestParams.enumValue("status", status, AlertStatus.class), ruleId,
                RequestParams.text(productKey), RequestParams.text(deviceName),
                RequestParams.instant("openedFrom", openedFrom), RequestParams.instant("openedTo", openedTo));
        int p = RequestParams.page(page);
        int s = RequestParams.size(size);
        List<AlertView> items = alerts.search(filter, p, s).stream().map(AlertView::of).toList();
        return new PageView<>(items, p, s, alerts.count(filter));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") long id) {
        return alerts.findByIdOptional(id)
                .map(a -> Response.ok(AlertView.of(a)).build())
                .orElseGet(() -> notFound(id));
    }

    /**
     * 200 with the alert when acknowledged; 409 when it is resolved or already acknowledged; 404 when unknown.
     */
    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response acknowledge(@PathParam("id") long id, AcknowledgeRequest request) {
        String note = request == null ? null : RequestParams.text(request.note());
        if (note != null && note.length() > 500) {
            throw new BadRequestField("note", "note must be at most 500 characters");
        }
        AlertActions.AckResult result = actions.acknowledge(id, token.getName(), note);
        if (result instanceof AlertActions.AckResult.Done done) {
            return Response.ok(AlertView.of(done.alert())).build();
        }
        if (result instanceof AlertActions.AckResult.Conflict conflict) {
            return Response.status(Response.Status.CONFLICT).entity(new ApiError(conflict.reason(), "status"))
                    .build();
        }
        return notFound(id);
    }

    /** The same without a body (no note): a bare POST from a button or curl. */
    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.WILDCARD)
    public Response acknowledgeWithoutNote(@PathParam("id") long id) {
        return acknowledge(id, null);
    }

    private static Response notFound(long id) {
        return Response.status(Response.Status.NOT_FOUND).entity(new ApiError("no alert " + id, "id")).build();
    }
}
