package io.meterlink.alert.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Optional body of an acknowledgement. */
@RegisterForReflection
public record AcknowledgeRequest(String note) {
}
