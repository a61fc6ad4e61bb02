package io.meterlink.command.rest;


import io.meterlink.api.QueryParams;
import io.meterlink.api.Roles;
import io.meterlink.command.service.CommandService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;


import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One command by id, wherever it came from (a single request or a job). */
@Path("/api/v1/commands")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Commands")
@APIResponse(responseCode = "429", description = "The caller is over its request limit; see Retry-After")
public class CommandResource {

    private final CommandService commands;

    public CommandResource(CommandService commands) {
        this.commands = commands;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "A command and its delivery state")
    @APIResponse(responseCode = "200", description = "The command")
    @APIResponse(responseCode = "400", description = "id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such command")
    public CommandView get(@PathParam("id") String id) {
        return CommandView.of(commands.get(QueryParams.uuid("id", id)));
    }
}
