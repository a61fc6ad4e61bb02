package io.meterlink.command.repository;

import io.agroal.api.AgroalDataSource;
import io.meterlink.api.Page;
import io.meterlink.api.PageRequest;
import io.meterlink.command.model.Route;
import io.meterlink.domain.event.ReadingEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The meter registry: Panache for the API's reads, plain SQL for the bulk writes (a batch of readings, an import
 * of thousands of meters, legacy sightings) where one statement per meter would not keep up.
 */
@ApplicationScoped
public class MeterRepository implements PanacheRepositoryBase<MeterEntity, MeterKey> {

    /** {@code registered_by} of meters first learnt from a reading. */
    public static final String FROM_READINGS = "meter.readings";

    // Readings may arrive out of order: only a newer one replaces the last-frame fields.
    private static final String UPSERT_READING = """
            INSERT INTO meter AS m (product_key, device_name, migration_state, registered_by, registered_at,
                               first_platform_at, last_seen_at, last_message_id, last_payload, frame_type,
                               protocol_version, firmware_version, signal_quality, status_bits, alarm_code,
                               energy_hundredths_kwh)
            VALUES (?, ?, 'PLATFORM', '%s', now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (product_key, device_name) DO UPDATE SET
                migration_state = 'PLATFORM',
                first_platform_at = COALESCE(m.first_platform_at, EXCLUDED.first_platform_at),
                last_seen_at = EXCLUDED.last_seen_at, last_message_id = EXCLUDED.last_message_id,
                last_payload = EXCLUDED.last_payload, frame_type = EXCLUDED.frame_type,
                protocol_version = EXCLUDED.protocol_version, firmware_version = EXCLUDED.firmware_version,
                signal_quality = EXCLUDED.signal_quality, status_bits = EXCLUDED.status_bits,
                alarm_code = EXCLUDED.alarm_code, energy_hundredths_kwh = EXCLUDED.energy_hundredths_kwh
            WHERE m.last_seen_at IS NULL OR m.last_seen_at <= EXCLUDED.last_seen_at""".formatted(FROM_READINGS);

    private static final String REGISTER = """
            INSERT INTO meter (product_key, device_name, migration_state, registered_by, registered_at)
            SELECT DISTINCT t.pk, t.dn, 'LEGACY', ?, now() FROM unnest(?::text[], ?::text[]) AS t(pk, dn)
            ON CONFLICT (product_key, device_name) DO NOTHING""";

    private static final String LEGACY_SIGHTINGS = """
            UPDATE meter SET last_legacy_seen_at = now() WHERE device_name = ANY (?::text[])""";

    private static final String UNKNOWN = """
            SELECT DISTINCT t.pk, t.dn FROM unnest(?::text[], ?::text[]) AS t(pk, dn)
            WHERE NOT EXISTS (SELECT 1 FROM meter m WHERE m.product_key = t.pk AND m.device_name = t.dn)
            ORDER BY 1, 2""";

    private static final String MIGRATION = """
            SELECT product_key, count(*),
                   count(*) FILTER (WHERE migration_state = 'PLATFORM'),
                   count(*) FILTER (WHERE migration_state = 'LEGACY' AND last_legacy_seen_at IS NOT NULL),
                   count(*) FILTER (WHERE migration_state = 'LEGACY' AND last_legacy_seen_at IS NULL),
                   count(*) FILTER (WHERE route_override IS NOT NULL)
            FROM meter GROUP BY product_key ORDER BY product_key""";

    private final AgroalDataSource dataSource;

    public MeterRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<MeterEntity> findMeter(String productKey, String deviceName) {
        return findByIdOptional(new MeterKey(productKey, deviceName));
    }

    /**
     * A page of the meters matching every given filter, ordered by product and name.
     *
     * @param silentSince meters with no sighting on either path since then (never-seen ones included)
     */
    public Page<MeterEntity> search(String productKey, Route migrationState, Instant silentSince, PageRequest page) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (productKey != null) {
            where.append(" and productKey = :pk");
            params.and("pk", productKey);
        }
        if (migrationState != null) {
            where.append(" and migrationState = :state");
            params.and("state", migrationState);
        }
        if (silentSince != null) {
            where.append(" and (lastSeenAt is null or lastSeenAt < :since)")
                    .append(" and (lastLegacySeenAt is null or lastLegacySeenAt < :since)");
            params.and("since", silentSince);
        }
        return QueryPages.of(find(where.toString(), Sort.by("productKey").and("deviceName"), params), page);
    }

    /** Records the newest reading per meter of a batch; creates meters first seen this way. */
    public void recordReadings(Collection<ReadingEvent> latestPerMeter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT_READING)) {
            for (ReadingEvent e : latestPerMeter) {
                Timestamp seen = Timestamp.from(seenAt(e));
                ReadingEvent.Reading r = e.reading();
                ps.setString(1, e.productKey());
                ps.setString(2, e.deviceName());
                ps.setTimestamp(3, seen);
                ps.setTimestamp(4, seen);
                if (e.messageId() == null) {
                    ps.setNull(5, Types.VARCHAR);
                } else {
                    ps.setString(5, e.messageId());
                }
                ps.setString(6, e.payload());
                ps.setString(7, r.frameType());
                ps.setInt(8, r.protocolVersion());
                ps.setInt(9, r.firmwareVersion());
                ps.setInt(10, r.signalQuality());
                ps.setString(11, r.status());
                ps.setString(12, r.alarmCode());
                ps.setLong(13, r.energyHundredthsKwh());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceFailure("recording " + latestPerMeter.size() + " readings", e);
        }
    }

    /** When the platform got the reading from the meter, else when ingest got it. */
    public static Instant seenAt(ReadingEvent event) {
        return event.generateTime() != null ? event.generateTime() : event.receivedAt();
    }

    /** Registers meters as LEGACY unless known already; returns how many were new. */
    public int register(List<String> productKeys, List<String> deviceNames, String registeredBy) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(REGISTER)) {
            ps.setString(1, registeredBy);
            ps.setArray(2, c.createArrayOf("text", productKeys.toArray()));
            ps.setArray(3, c.createArrayOf("text", deviceNames.toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure("registering " + productKeys.size() + " meters", e);
        }
    }

    /** Marks meters seen on the legacy cluster now; the cluster names meters by deviceName only. */
    public int recordLegacySightings(Collection<String> deviceNames) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LEGACY_SIGHTINGS)) {
            ps.setArray(1, c.createArrayOf("text", deviceNames.toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure("recording " + deviceNames.size() + " legacy sightings", e);
        }
    }

    /** The distinct meters of the list that are not registered, as {@code productKey/deviceName}, at most limit. */
    public List<String> unknown(List<String> productKeys, List<String> deviceNames, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(UNKNOWN + " LIMIT " + limit)) {
            ps.setArray(1, c.createArrayOf("text", productKeys.toArray()));
            ps.setArray(2, c.createArrayOf("text", deviceNames.toArray()));
            List<String> unknown = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unknown.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
            return unknown;
        } catch (SQLException e) {
            throw new PersistenceFailure("checking job targets", e);
        }
    }

    public List<ProductMigration> migration() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MIGRATION);
                ResultSet rs = ps.executeQuery()) {
            List<ProductMigration> products = new ArrayList<>();
            while (rs.next()) {
                products.add(new ProductMigration(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)));
            }
            return products;
        } catch (SQLException e) {
            throw new PersistenceFailure("counting the migration", e);
        }
    }
}
