package io.meterlink.alert.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** New on-call numbers of a product. */
@RegisterForReflection
public record RecipientsRequest(List<String> phoneNumbers) {
}
