package io.meterlink.command.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** Body of "register meters" (JSON form; the CSV form takes the registry file as is). */
@RegisterForReflection
public record RegisterRequest(@NotNull List<@Valid @NotNull MeterRef> meters) {
}
