package io.meterlink.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Queries on stored readings, shaped for the {@code reading_meter_time_idx} index and for partition pruning.
 */
@ApplicationScoped
public class ReadingRepository implements PanacheRepositoryBase<Reading, Reading.Key> {

    /**
     * Meters report every 15 minutes, so the latest reading is almost always in the last two daily partitions:
     * looking there first keeps the query to two index probes instead of one per partition of the retention period.
     */
    private static final Duration RECENT = Duration.ofDays(2);

    /** The meter's newest reading, if it has any. */
    public Optional<Reading> latest(String productKey, String deviceName) {
        Optional<Reading> recent = find("productKey = :pk and deviceName = :dn and generateTime >= :since",
                Sort.descending("generateTime"),
                Parameters.with("pk", productKey).and("dn", deviceName).and("since", Instant.now().minus(RECENT)))
                .firstResultOptional();
        if (recent.isPresent()) {
            return recent;
        }
        return find("productKey = :pk and deviceName = :dn", Sort.descending("generateTime"),
                Parameters.with("pk", productKey).and("dn", deviceName))
                .firstResultOptional();
    }

    /** The meter's readings with {@code from <= generateTime < to}, oldest first, at most {@code limit}. */
    public List<Reading> between(String productKey, String deviceName, Instant from, Instant to, int limit) {
        return find("productKey = :pk and deviceName = :dn and generateTime >= :from and generateTime < :to",
                Sort.ascending("generateTime"),
                Parameters.with("pk", productKey).and("dn", deviceName).and("from", from).and("to", to))
                .page(0, limit)
                .list();
    }
}
