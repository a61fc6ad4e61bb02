package io.meterlink.ingest.repository;

import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
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

    /**
     * One page of the meter's readings with {@code from <= generateTime < to}, oldest first (message id breaks ties,
     * so pages neither overlap nor skip), and how many there are in the range.
     */
    public Page<Reading> between(String productKey, String deviceName, Instant from, Instant to, PageRequest page) {
        PanacheQuery<Reading> query = find(
                "productKey = :pk and deviceName = :dn and generateTime >= :from and generateTime < :to",
                Sort.ascending("generateTime", "messageId"),
                Parameters.with("pk", productKey).and("dn", deviceName).and("from", from).and("to", to));
        return new Page<>(query.page(page.page(), page.size()).list(), page.page(), page.size(), query.count());
    }
}
