package io.meterlink.command.repository;

import io.meterlink.command.model.Route;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A meter as this service knows it: how it is reached (its migration state and an admin's override) and what its
 * last reading through the platform said. Filled from {@code meter.readings} and by admins, never from another
 * service's tables.
 */
@Entity
@Table(name = "meter")
@IdClass(MeterKey.class)
public class MeterEntity {

    @Id
    @Column(name = "product_key")
    public String productKey;

    @Id
    @Column(name = "device_name")
    public String deviceName;

    /** PLATFORM once a reading arrived through the IoT Platform, LEGACY before. */
    @Enumerated(EnumType.STRING)
    @Column(name = "migration_state")
    public Route migrationState;

    /** Set by an admin to force a route regardless of the migration state. */
    @Enumerated(EnumType.STRING)
    @Column(name = "route_override")
    public Route routeOverride;

    @Column(name = "override_by")
    public String overrideBy;

    @Column(name = "override_at")
    public Instant overrideAt;

    @Column(name = "registered_by")
    public String registeredBy;

    @Column(name = "registered_at")
    public Instant registeredAt;

    @Column(name = "first_platform_at")
    public Instant firstPlatformAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "last_legacy_seen_at")
    public Instant lastLegacySeenAt;

    @Column(name = "last_message_id")
    public String lastMessageId;

    @Column(name = "last_payload")
    public String lastPayload;

    @Column(name = "frame_type")
    public String frameType;

    @Column(name = "protocol_version")
    public Integer protocolVersion;

    @Column(name = "firmware_version")
    public Integer firmwareVersion;

    @Column(name = "signal_quality")
    public Integer signalQuality;

    @Column(name = "status_bits")
    public String statusBits;

    @Column(name = "alarm_code")
    public String alarmCode;

    @Column(name = "energy_hundredths_kwh")
    public Long energyHundredthsKwh;

    /** The route a command to this meter takes now. */
    public Route route() {
        return routeOverride != null ? routeOverride : migrationState;
    }
}
