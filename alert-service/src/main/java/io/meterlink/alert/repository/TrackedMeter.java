package io.meterlink.alert.repository;

import io.meterlink.alert.rule.MeterState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The last-seen state this service keeps per meter: the rules' memory and the missing-report scan's input. */
@Entity
@Table(name = "meter_state")
@IdClass(TrackedMeter.Key.class)
public class TrackedMeter {

    @Id
    @Column(name = "product_key")
    public String productKey;

    @Id
    @Column(name = "device_name")
    public String deviceName;

    @Column(name = "last_reading_at", nullable = false)
    public Instant lastReadingAt;

    @Column(name = "last_energy", nullable = false)
    public long lastEnergy;

    @Column(name = "weak_signal_streak", nullable = false)
    public int weakSignalStreak;

    /** When the meter counts as missing; null while its missing-report alert is open or the rule is off. */
    @Column(name = "silent_after")
    public Instant silentAfter;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public MeterState toState() {
        return new MeterState(lastReadingAt, lastEnergy, weakSignalStreak);
    }

    public void apply(MeterState state) {
        lastReadingAt = state.lastReadingAt();
        lastEnergy = state.lastEnergy();
        weakSignalStreak = state.weakSignalStreak();
    }

    /** Identity of a meter across products. */
    public static class Key implements Serializable {
        public String productKey;
        public String deviceName;

        public Key() {
        }

        public Key(String productKey, String deviceName) {
            this.productKey = productKey;
            this.deviceName = deviceName;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.productKey.equals(productKey) && k.deviceName.equals(deviceName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(productKey, deviceName);
        }
    }
}
