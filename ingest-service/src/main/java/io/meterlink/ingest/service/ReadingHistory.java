package io.meterlink.ingest.service;

import io.meterlink.api.ApiProblem;
import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.meterlink.ingest.repository.Reading;
import io.meterlink.ingest.repository.ReadingRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * What the read API may ask of the stored readings of one meter: its latest reading, and its readings in a bounded
 * time range, a page at a time. The bound keeps every range query within a month of daily partitions.
 */
@ApplicationScoped
public class ReadingHistory {

    /** Longest range one query may span: a month of daily partitions. */
    public static final Duration MAX_RANGE = Duration.ofDays(31);

    private final ReadingRepository readings;

    public ReadingHistory(ReadingRepository readings) {
        this.readings = readings;
    }

    /** The meter's newest reading; 404 when none is stored (unknown meter, or nothing within the retention). */
    public Reading latest(String productKey, String deviceName) {
        return readings.latest(productKey, deviceName).orElseThrow(() -> ApiProblem.notFound(
                "no reading stored for " + productKey + "/" + deviceName));
    }

    /**
     * The meter's readings with {@code from <= generateTime < to}, oldest first; {@code total} counts all of them.
     *
     * @throws ApiProblem 400 naming {@code to} when the range is empty, reversed or longer than {@link #MAX_RANGE}
     */
    public Page<Reading> between(String productKey, String deviceName, Instant from, Instant to, PageRequest page) {
        if (!to.isAfter(from)) {
            throw ApiProblem.invalid("to", "to must be after from");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiProblem.invalid("to", "the range may span at most " + MAX_RANGE.toDays() + " days");
        }
        return readings.between(productKey, deviceName, from, to, page);
    }
}
