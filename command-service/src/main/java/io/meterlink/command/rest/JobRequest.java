package io.meterlink.command.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of "send one configuration to many meters": either {@code targets} or {@code productKey}.
 *
 * @param targets    an explicit list of meters (duplicates count once)
 * @param productKey every meter of this product known to the registry
 */
@RegisterForReflection
public record JobRequest(
        @Schema(description = "1-8 arguments of 1-32 letters or digits", examples = "[\"ad322\"]", required = true)
        @NotNull @Size(min = 1, max = 8) List<@NotNull String> args,
        @Schema(description = "Meters to configure (or give productKey)")
        List<@Valid @NotNull MeterRef> targets,
        @Schema(description = "Configure every registered meter of this product (or give targets)")
        String productKey,
        @Schema(description = "Seconds the job's commands may wait before they expire", examples = "86400")
        @Positive Long ttlSeconds) {
}
