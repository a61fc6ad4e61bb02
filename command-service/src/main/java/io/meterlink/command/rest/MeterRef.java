package io.meterlink.command.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;

/** A meter named in a request body. */
@RegisterForReflection
public record MeterRef(@NotNull String productKey, @NotNull String deviceName) {
}
