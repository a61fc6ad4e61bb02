package io.meterlink.alert.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Optional body of an acknowledgement. */
@RegisterForReflection
public record AcknowledgeRequest(
        @Schema(description = "Why, or what was done; at most 500 characters", maxLength = MAX_NOTE_LENGTH)
        String note) {

    /** Longest note kept with an acknowledgement. */
    public static final int MAX_NOTE_LENGTH = 500;
}
