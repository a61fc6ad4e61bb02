package io.meterlink.alert.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** On-call numbers per product kept in the database. */
@ApplicationScoped
public class OnCallRepository implements PanacheRepositoryBase<OnCallRecipient, OnCallRecipient.Key> {

    /** Every product's numbers, in a stable order. */
    public Map<String, List<String>> byProduct() {
        Map<String, List<String>> routes = new TreeMap<>();
        for (OnCallRecipient r : listAll(io.quarkus.panache.common.Sort.by("productKey").and("phoneNumber"))) {
            routes.computeIfAbsent(r.productKey, k -> new ArrayList<>()).add(r.phoneNumber);
        }
        return routes;
    }

    /** Replaces the numbers of {@code productKey}. */
    public void replace(String productKey, List<String> phoneNumbers, Instant now) {
        delete("productKey", productKey);
        for (String number : phoneNumbers) {
            OnCallRecipient r = new OnCallRecipient();
            r.productKey = productKey;
            r.phoneNumber = number;
            r.createdAt = now;
            persist(r);
        }
    }

    public long remove(String productKey) {
        return delete("productKey", productKey);
    }
}
