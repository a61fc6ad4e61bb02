package io.meterlink.alert.rest;

import io.meterlink.alert.notification.OnCallRouting;
import io.meterlink.alert.service.OnCallDirectory;

import io.meterlink.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;


import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** On-call routing: everyone on the desk may read it (operators with numbers masked), only admins change it. */
@Path("/api/v1/oncall")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "On-call", description = "Who is texted about which product's alerts")
public class OnCallResource {

    @Inject
    OnCallDirectory directory;

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The effective on-call routing",
            description = "Default numbers, and per product its numbers with their source (database or config). "
                    + "Numbers are masked (+86*******0000) for operators and shown whole to admins.")
    @APIResponse(responseCode = "200", description = "The routing")
    public OnCallView get(@Context SecurityContext security) {
        OnCallRouting routing = directory.current();
        Map<String, OnCallView.Route> routes = new TreeMap<>();
        for (String product : directory.routedProducts()) {
            routes.put(product, new OnCallView.Route(routing.recipientsFor(product), routing.sourceFor(product)));
        }
        OnCallView view = new OnCallView(directory.defaultRecipients(), routes);
        return security.isUserInRole(Roles.ADMIN) ? view : view.masked();
    }

    @PUT
    @Path("/{productKey}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a product's on-call numbers", description = "Applies to the next alert.")
    @APIResponse(responseCode = "200", description = "The numbers now stored for the product (source database)")
    @APIResponse(responseCode = "400", description = "The product key or a number is malformed, or the body is not "
            + "valid JSON; field names it")
    public OnCallView.Route put(@PathParam("productKey") String productKey, RecipientsRequest request) {
        List<String> stored = directory.replace(productKey, request == null ? null : request.phoneNumbers());
        return new OnCallView.Route(stored, "database");
    }

    @DELETE
    @Path("/{productKey}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove a product's on-call numbers",
            description = "The product goes back to its configured numbers, else the default ones.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "The database holds no numbers for this product")
    public void delete(@PathParam("productKey") String productKey) {
        directory.remove(productKey);
    }
}
