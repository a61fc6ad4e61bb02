package io.meterlink.command.rest;

import io.meterlink.api.Page;

import io.meterlink.api.QueryParams;
import io.meterlink.api.Roles;
import io.meterlink.command.model.Route;
import io.meterlink.command.repository.CommandEntity;
import io.meterlink.command.service.CommandService;
import io.meterlink.command.service.JobTarget;
import io.meterlink.command.service.MeterService;
import io.meterlink.command.service.Submitted;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The meter registry, and the commands of one meter. */
@Path("/api/v1/meters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Meters")
@APIResponse(responseCode = "429", description = "The caller is over its request limit; see Retry-After")
public class MeterResource {

    private final MeterService meters;
    private final CommandService commands;
    private final Caller caller;

    public MeterResource(MeterService meters, CommandService commands, Caller caller) {
        this.meters = meters;
        this.commands = commands;
        this.caller = caller;
    }

    @POST
    @Path("{productKey}/{deviceName}/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Send a configuration command to one meter",
            description = "Stores the command (ACCEPTED) and answers at once; the sender delivers it through the IoT "
                    + "Platform or the legacy cluster. Repeat the request with the same Idempotency-Key after a "
                    + "network failure: the first command is returned and nothing is sent twice.")
    @APIResponse(responseCode = "202", description = "Accepted (or the earlier command for this Idempotency-Key)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CommandView.class)))
    @APIResponse(responseCode = "400", description = "Invalid field, named in the body")
    @APIResponse(responseCode = "404", description = "Meter not registered")
    @APIResponse(responseCode = "422", description = "Idempotency-Key already used for a different request")
    public Response send(@PathParam("productKey") String productKey, @PathParam("deviceName") String deviceName,
            @Parameter(description = "Any unique string per intended command, reused on retries")
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @NotNull @Valid CommandRequest body) {
        Submitted<CommandEntity> submitted = commands.submit(productKey, deviceName, body.args(),
                body.ttlSeconds(), idempotencyKey, caller.name());
        return Response.accepted(CommandView.of(submitted.value()))
                .location(URI.create("/api/v1/commands/" + submitted.value().id))
                .header("Idempotent-Replayed", submitted.replayed())
                .build();
    }

    @GET
    @Path("{productKey}/{deviceName}/commands")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "A meter's commands, newest first")
    @APIResponse(responseCode = "200", description = "One page of the meter's commands")
    @APIResponse(responseCode = "400", description = "Invalid name, page or size, named in the body")
    @APIResponse(responseCode = "404", description = "Meter not registered")
    public Page<CommandView> commands(@PathParam("productKey") String productKey,
            @PathParam("deviceName") String deviceName,
            @Parameter(description = "Page number, from 0") @QueryParam("page") Integer page,
            @Parameter(description = "Commands per page (default 50)") @QueryParam("size") Integer size) {
        return commands.forMeter(productKey, deviceName, page, size).map(CommandView::of);
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Registered meters, filtered, by product and name")
    @APIResponse(responseCode = "200", description = "One page of meters")
    @APIResponse(responseCode = "400", description = "Invalid filter, page or size, named in the body")
    public Page<MeterView> list(
            @Parameter(description = "Only this product") @QueryParam("productKey") String productKey,
            @Parameter(description = "LEGACY or PLATFORM") @QueryParam("migrationState") String migrationState,
            @Parameter(description = "Only meters not seen on either path since this instant (ISO-8601)")
            @QueryParam("silentSince") String silentSince,
            @Parameter(description = "Page number, from 0") @QueryParam("page") Integer page,
            @Parameter(description = "Meters per page (default 50)") @QueryParam("size") Integer size) {
        return meters.search(productKey,
                QueryParams.enumOf("migrationState", migrationState, Route.class),
                QueryParams.instant("silentSince", silentSince), page, size).map(MeterView::of);
    }

    @GET
    @Path("{productKey}/{deviceName}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One meter: route, migration state, last seen, last frame")
    @APIResponse(responseCode = "200", description = "The meter")
    @APIResponse(responseCode = "400", description = "Invalid productKey or deviceName")
    @APIResponse(responseCode = "404", description = "Meter not registered")
    public MeterView get(@PathParam("productKey") String productKey, @PathParam("deviceName") String deviceName) {
        return MeterView.of(meters.get(productKey, deviceName));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register meters (as LEGACY until their data arrives through the platform)")
    @APIResponse(responseCode = "200", description = "How many meters were received, new and already known")
    @APIResponse(responseCode = "400", description = "Invalid meter, named in the body")
    public MeterService.Registered register(@NotNull @Valid RegisterRequest body) {
        return meters.register("meters", body.meters().stream()
                .map(m -> new JobTarget(m.productKey(), m.deviceName())).toList(), caller.name());
    }

    @POST
    @Consumes("text/csv")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register the meters of a registry file (productKey,deviceName[,...] lines)",
            description = "Further columns, such as device secrets, are ignored and never stored.")
    @APIResponse(responseCode = "200", description = "How many meters were received, new and already known")
    @APIResponse(responseCode = "400", description = "A line that is not a meter (field: line N), or an invalid name")
    public MeterService.Registered registerFile(String csv) {
        return meters.register("body", MeterService.parseRegistry(csv), caller.name());
    }

    @PUT
    @Path("{productKey}/{deviceName}/route")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Force the meter's route, or follow its migration state again with override null")
    @APIResponse(responseCode = "200", description = "The meter with its new route")
    @APIResponse(responseCode = "400", description = "Invalid name or override, named in the body")
    @APIResponse(responseCode = "404", description = "Meter not registered")
    public MeterView overrideRoute(@PathParam("productKey") String productKey,
            @PathParam("deviceName") String deviceName, @NotNull RouteRequest body) {
        return MeterView.of(meters.overrideRoute(productKey, deviceName, body.override(), caller.name()));
    }
}
