package io.meterlink.command.rest;

import io.meterlink.command.model.CommandState;
import io.meterlink.command.model.JobState;
import io.meterlink.command.service.JobProgress;
import io.meterlink.command.service.JobService;
import io.meterlink.command.service.JobTarget;
import io.meterlink.command.service.Submitted;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Bulk jobs: one configuration to many meters, with progress, pause, resume and cancel. */
@Path("/api/v1/command-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Command jobs")
public class JobResource {

    private final JobService jobs;
    private final Caller caller;

    public JobResource(JobService jobs, Caller caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Send one configuration to many meters",
            description = "Give either targets or productKey. The job and all its commands are stored at once; "
                    + "the senders work through them at the account's Pub pace, single commands first.")
    @APIResponse(responseCode = "202", description = "Job accepted (or the earlier job for this Idempotency-Key)")
    @APIResponse(responseCode = "400", description = "Invalid field or unregistered targets, named in the body")
    @APIResponse(responseCode = "404", description = "The product has no registered meters")
    public Response create(@Parameter(description = "Any unique string per intended job, reused on retries")
            @HeaderParam("Idempotency-Key") String idempotencyKey, @NotNull @Valid JobRequest body) {
        Submitted<JobProgress> submitted = jobs.create(body.args(),
                body.targets() == null ? null : body.targets().stream()
                        .map(t -> new JobTarget(t.productKey(), t.deviceName())).toList(),
                body.productKey(), body.ttlSeconds(), idempotencyKey, caller.name());
        return Response.accepted(JobView.of(submitted.value()))
                .location(URI.create("/api/v1/command-jobs/" + submitted.value().job().id))
                .header("Idempotent-Replayed", submitted.replayed())
                .build();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Jobs, newest first, with progress")
    public PageView<JobView> list(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        return PageView.of(jobs.list(page, size), JobView::of);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "A job's progress: total, waiting, sending, sent, failed, expired, cancelled")
    @APIResponse(responseCode = "404", description = "No such job")
    public JobView get(@PathParam("id") String id) {
        return JobView.of(jobs.get(QueryParams.uuid("id", id)));
    }

    @GET
    @Path("{id}/commands")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "A job's commands, optionally in one state (e.g. FAILED)")
    public PageView<CommandView> commands(@PathParam("id") String id, @QueryParam("state") String state,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        return PageView.of(jobs.commands(QueryParams.uuid("id", id),
                QueryParams.enumOf("state", state, CommandState.class), page, size), CommandView::of);
    }

    @POST
    @Path("{id}/pause")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Pause a running job (its unsent commands wait)")
    @APIResponse(responseCode = "409", description = "The job is cancelled or completed")
    public JobView pause(@PathParam("id") String id) {
        return JobView.of(jobs.changeState(QueryParams.uuid("id", id), JobState.PAUSED, caller.name()));
    }

    @POST
    @Path("{id}/resume")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Resume a paused job")
    @APIResponse(responseCode = "409", description = "The job is cancelled or completed")
    public JobView resume(@PathParam("id") String id) {
        return JobView.of(jobs.changeState(QueryParams.uuid("id", id), JobState.RUNNING, caller.name()));
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Cancel a job: unsent commands are cancelled, commands being sent finish")
    @APIResponse(responseCode = "409", description = "The job is completed")
    public JobView cancel(@PathParam("id") String id) {
        return JobView.of(jobs.changeState(QueryParams.uuid("id", id), JobState.CANCELLED, caller.name()));
    }
}
