package io.meterlink.alert.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Per-meter state, locked row by row so the reading consumer and the missing-report scan never interleave. */
@ApplicationScoped
public class TrackedMeterRepository implements PanacheRepositoryBase<TrackedMeter, TrackedMeter.Key> {

    /**
     * Loads and locks the known meters among {@code meters}, in key order so two transactions never lock the same
     * rows in opposite orders.
     */
    public Map<TrackedMeter.Key, TrackedMeter> lockAll(Collection<TrackedMeter.Key> meters) {
        Map<TrackedMeter.Key, TrackedMeter> found = new HashMap<>();
        if (meters.isEmpty()) {
            return found;
        }
        Set<String> products = new HashSet<>();
        Set<String> names = new HashSet<>();
        meters.forEach(k -> {
            products.add(k.productKey);
            names.add(k.deviceName);
        });
        // Both columns of the primary key, so the look-up is an index scan however many meters there are.
        List<TrackedMeter> rows = find("productKey in ?1 and deviceName in ?2 order by productKey, deviceName",
                products, names).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (TrackedMeter row : rows) {
            TrackedMeter.Key key = new TrackedMeter.Key(row.productKey, row.deviceName);
            if (meters.contains(key)) {
                found.put(key, row);
            }
        }
        return found;
    }

    /**
     * Claims up to {@code limit} meters that fell silent before {@code now}. Rows another replica (or the consumer)
     * holds are skipped, so replicas share the scan without waiting on each other.
     */
    @SuppressWarnings("unchecked")
    public List<TrackedMeter> claimSilent(Instant now, int limit) {
        return getEntityManager().createNativeQuery("SELECT * FROM meter_state WHERE silent_after < ?1 "
                        + "ORDER BY silent_after LIMIT ?2 FOR UPDATE SKIP LOCKED", TrackedMeter.class)
                .setParameter(1, now).setParameter(2, limit).getResultList();
    }
}
