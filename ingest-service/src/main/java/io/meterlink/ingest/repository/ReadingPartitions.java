package io.meterlink.ingest.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daily partitions of {@code ingest.reading}: which exist, creating missing ones, dropping expired ones. The work
 * is done by the SQL functions of the V1 migration; this class remembers which days exist so that the hot path only
 * asks the database when a batch reaches a day it has not seen (e.g. just after midnight UTC if the daily job is late).
 */
@ApplicationScoped
public class ReadingPartitions {

    private static final Logger LOG = Logger.getLogger(ReadingPartitions.class);

    private final AgroalDataSource dataSource;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public ReadingPartitions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Makes sure every day in {@code days} has a partition. Runs in its own short transaction, before the batch's,
     * so a rolled-back batch never takes a new partition with it.
     */
    public void ensureDays(Collection<LocalDate> days) throws SQLException {
        LocalDate first = null;
        LocalDate last = null;
        for (LocalDate day : days) {
            if (!known.contains(day)) {
                first = first == null || day.isBefore(first) ? day : first;
                last = last == null || day.isAfter(last) ? day : last;
            }
        }
        if (first != null) {
            ensureRange(first, last);
        }
    }

    /** Creates the partitions of {@code first}..{@code last} (inclusive) that do not exist; returns how many. */
    public int ensureRange(LocalDate first, LocalDate last) throws SQLException {
        int created;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT ingest.ensure_reading_partitions(?, ?)")) {
            statement.setDate(1, Date.valueOf(first));
            statement.setDate(2, Date.valueOf(last));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                created = result.getInt(1);
            }
        }
        if (created > 0) {
            LOG.infof("created %d daily reading partition(s) between %s and %s", created, first, last);
        }
        refresh();
        return created;
    }

    /** Drops the partitions of days before {@code cutoff}; returns how many. */
    public int dropBefore(LocalDate cutoff) throws SQLException {
        int dropped;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT ingest.drop_reading_partitions_before(?)")) {
            statement.setDate(1, Date.valueOf(cutoff));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                dropped = result.getInt(1);
            }
        }
        if (dropped > 0) {
            LOG.infof("retention dropped %d daily reading partition(s) before %s", dropped, cutoff);
        }
        refresh();
        return dropped;
    }

    /** Re-reads which partitions exist. */
    public void refresh() throws SQLException {
        Set<LocalDate> days = ConcurrentHashMap.newKeySet();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT d FROM ingest.reading_partition_days() AS d")) {
            while (result.next()) {
                days.add(result.getDate(1).toLocalDate());
            }
        }
        known.retainAll(days);
        known.addAll(days);
    }

    /** Forgets what it knew, e.g. after an insert found no partition for a row (someone dropped one by hand). */
    public void forget() {
        known.clear();
    }

    public Set<LocalDate> knownDays() {
        return Collections.unmodifiableSet(known);
    }
}
