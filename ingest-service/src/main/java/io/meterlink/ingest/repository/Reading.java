package io.meterlink.ingest.repository;

import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBits;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored reading, read side only: rows are written in bulk by {@link ReadingWriter}, never through Hibernate, so
 * the entity is immutable.
 */
@Entity
@Immutable
@Table(name = "reading")
@IdClass(Reading.Key.class)
public class Reading extends PanacheEntityBase {

    @Id
    @Column(name = "message_id")
    public String messageId;

    @Id
    @Column(name = "generate_time")
    public Instant generateTime;

    @Column(name = "product_key")
    public String productKey;

    @Column(name = "device_name")
    public String deviceName;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "frame")
    public String frame;

    @Column(name = "frame_type")
    public String frameType;

    @Column(name = "firmware_version")
    public short firmwareVersion;

    @Column(name = "signal_quality")
    public short signalQuality;

    @Column(name = "status_mask")
    public short statusMask;

    @Column(name = "alarm_code")
    public short alarmCode;

    @Column(name = "energy_hundredths_kwh")
    public long energyHundredthsKwh;

    /** The decoded frame. */
    public MeterReading toMeterReading() {
        return new MeterReading(frameType, Integer.parseInt(frameType.substring(2)), firmwareVersion, signalQuality,
                new StatusBits(statusMask), alarmCode, energyHundredthsKwh);
    }

    /** Composite primary key (the de-duplication key). */
    public static class Key implements Serializable {
        public String messageId;
        public Instant generateTime;

        public Key() {
        }

        public Key(String messageId, Instant generateTime) {
            this.messageId = messageId;
            this.generateTime = generateTime;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(messageId, k.messageId)
                    && Objects.equals(generateTime, k.generateTime);
        }

        @Override
        public int hashCode() {
            return Objects.hash(messageId, generateTime);
        }
    }
}
