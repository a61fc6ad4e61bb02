package io.meterlink.alert.notification;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Who gets texted about a product's alerts: numbers set in the database for that product, else numbers configured
 * for it, else the default on-call numbers.
 */
public final class OnCallRouting {

    private final Map<String, List<String>> fromDatabase;
    private final Map<String, List<String>> fromConfig;
    private final List<String> defaults;

    public OnCallRouting(Map<String, List<String>> fromDatabase, Map<String, List<String>> fromConfig,
            List<String> defaults) {
        this.fromDatabase = Map.copyOf(fromDatabase);
        this.fromConfig = Map.copyOf(fromConfig);
        this.defaults = List.copyOf(defaults);
    }

    public List<String> recipientsFor(String productKey) {
        List<String> numbers = fromDatabase.get(productKey);
        if (numbers != null && !numbers.isEmpty()) {
            return numbers;
        }
        numbers = fromConfig.get(productKey);
        if (numbers != null && !numbers.isEmpty()) {
            return numbers;
        }
        return defaults;
    }

    /**
     * Everyone who may be texted about a product's alert, in the order they are tried when one cannot be: the
     * product's own numbers, then the default on-call numbers.
     */
    public List<String> escalationChainFor(String productKey) {
        LinkedHashSet<String> chain = new LinkedHashSet<>(recipientsFor(productKey));
        chain.addAll(defaults);
        return List.copyOf(chain);
    }

    /** Where each source's entry came from, for the API: "database", "config" or "default". */
    public String sourceFor(String productKey) {
        if (fromDatabase.containsKey(productKey) && !fromDatabase.get(productKey).isEmpty()) {
            return "database";
        }
        if (fromConfig.containsKey(productKey) && !fromConfig.get(productKey).isEmpty()) {
            return "config";
        }
        return "default";
    }
}
