package io.meterlink.command.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of "send a command to one meter".
 *
 * @param args       the configuration arguments, as they will appear in {@code CMD,<seq>,<args>}
 * @param ttlSeconds how long the command may wait to be sent; the service default when absent
 */
@RegisterForReflection
public record CommandRequest(
        @Schema(description = "1-8 arguments of 1-32 letters or digits", examples = "[\"ad322\"]", required = true)
        @NotNull @Size(min = 1, max = 8) List<@NotNull String> args,
        @Schema(description = "Seconds the command may wait before it expires", examples = "900")
        @Positive Long ttlSeconds) {
}
