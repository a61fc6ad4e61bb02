package io.meterlink.command.rest;

import io.meterlink.api.Page;

import io.meterlink.api.QueryParams;
import io.meterlink.api.Roles;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Bulk jobs: one configuration to many meters, with progress, pause, resume and cancel. */
@Path("/api/v1/command-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Command jobs")
@APIResponse(responseCode = "429", description = "The caller is over its request limit; see Retry-After")
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
    @APIResponse(responseCode = "202", description = "Job accepted (or the earlier job for this Idempotency-Key)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "Invalid field or unregistered targets, named in the body")
    @APIResponse(responseCode = "404", description = "The product has no registered meters")
    @APIResponse(responseCode = "422", description = "Idempotency-Key already used for a different request")
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
    @APIResponse(responseCode = "200", description = "One page of jobs")
    @APIResponse(responseCode = "400", description = "page or size out of range")
    public Page<JobView> list(@Parameter(description = "Page number, from 0") @QueryParam("page") Integer page,
            @Parameter(description = "Jobs per page (default 50)") @QueryParam("size") Integer size) {
        return jobs.list(page, size).map(JobView::of);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "A job's progress: total, waiting, sending, sent, failed, expired, cancelled")
    @APIResponse(responseCode = "200", description = "The job and its progress")
    @APIResponse(responseCode = "400", description = "id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such job")
    public JobView get(@PathParam("id") String id) {
        return JobView.of(jobs.get(QueryParams.uuid("id", id)));
    }

    @GET
    @Path("{id}/commands")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "A job's commands, optionally in one state (e.g. FAILED)")
    @APIResponse(responseCode = "200", description = "One page of the job's commands, by meter")
    @APIResponse(responseCode = "400", description = "id, state, page or size invalid, named in the body")
    @APIResponse(responseCode = "404", description = "No such job")
    public Page<CommandView> commands(@PathParam("id") String id,
            @Parameter(description = "Only commands in this state, e.g. FAILED") @QueryParam("state") String state,
            @Parameter(description = "Page number, from 0") @QueryParam("page") Integer page,
            @Parameter(description = "Commands per page (default 50)") @QueryParam("size") Integer size) {
        return jobs.commands(QueryParams.uuid("id", id), QueryParams.enumOf("state", state, CommandState.class),
                page, size).map(CommandView::of);
    }

    @POST
    @Path("{id}/pause")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Pause a running job (its unsent commands wait)")
    @APIResponse(responseCode = "200", description = "The job, PAUSED (also when it already was)")
    @APIResponse(responseCode = "400", description = "id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such job")
    @APIResponse(responseCode = "409", description = "The job is cancelled or completed")
    public JobView pause(@PathParam("id") String id) {
        return JobView.of(jobs.changeState(QueryParams.uuid("id", id), JobState.PAUSED, caller.name()));
    }

    @POST
    @Path("{id}/resume")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Resume a paused job")
    @APIResponse(responseCode = "200", description = "The job, RUNNING (also when it already was)")
    @APIResponse(responseCode = "400", description = "id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such job")
    @APIResponse(responseCode = "409", description = "The job is cancelled or completed")
    public JobView resume(@PathParam("id") String id) {
        return JobView.of(jobs.changeState(QueryParams.uuid("id", id), JobState.RUNNING, caller.name()));
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Cancel a job: unsent commands are cancelled, commands being sent finish")
    @APIResponse(responseCode = "200", description = "The job, CANCELLED (also when it already was)")
    @APIResponse(responseCode = "400", description = "id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such job")
    @APIResponse(responseCode = "409", description = "The job is completed")
    public JobView cancel(@PathParam("id") String id) {
        return JobView.of(jobs.changeState(QueryParams.uuid("id", id), JobState.CANCELLED, caller.name()));
    }
}
