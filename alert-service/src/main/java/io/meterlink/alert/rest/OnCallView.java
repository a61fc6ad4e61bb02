package io.meterlink.alert.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective on-call routing. Operators see the numbers masked (personal data); admins see them whole.
 *
 * @param products per product key: its numbers and where they come from ({@code database} or {@code config})
 */
@RegisterForReflection
public record OnCallView(List<String> defaultRecipients, Map<String, Route> products) {

    /** The same routing with every number masked, for callers who may not see numbers whole (operators). */
    OnCallView masked() {
        Map<String, Route> maskedProducts = new TreeMap<>();
        products.forEach((product, route) -> maskedProducts.put(product, route.masked()));
        return new OnCallView(mask(defaultRecipients), maskedProducts);
    }

    private static List<String> mask(List<String> numbers) {
        return numbers.stream().map(PhoneNumbers::mask).toList();
    }

    /** Numbers of one product and their source. */
    @RegisterForReflection
    public record Route(List<String> phoneNumbers, String source) {

        Route masked() {
            return new Route(mask(phoneNumbers), source);
        }
    }
}
