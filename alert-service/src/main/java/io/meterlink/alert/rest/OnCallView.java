package io.meterlink.alert.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * The effective on-call routing.
 *
 * @param products per product key: its numbers and where they come from ({@code database} or {@code config})
 */
@RegisterForReflection
public record OnCallView(List<String> defaultRecipients, Map<String, Route> products) {

    /** Numbers of one product and their source. */
    @RegisterForReflection
    public record Route(List<String> phoneNumbers, String source) {
    }
}
