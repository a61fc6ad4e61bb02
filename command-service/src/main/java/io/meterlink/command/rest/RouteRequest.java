package io.meterlink.command.rest;

import io.meterlink.command.model.Route;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of "force a meter's route": {@code null} hands routing back to the migration state. */
@RegisterForReflection
public record RouteRequest(
        @Schema(description = "LEGACY or PLATFORM to force a route, null to follow the migration state")
        Route override) {
}
