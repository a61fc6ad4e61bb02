package io.meterlink.domain.event;

import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.domain.frame.StatusBits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The message ingest publishes for every accepted data frame and every downstream service
 * consumes. It keeps the raw frame next to the decoded values so consumers never re-parse, and
 * carries a schema version so the shape can evolve without breaking older consumers.
 * Serialized only through {@link ReadingEventCodec}.
 *
 * @param messageId    platform message id, used for de-duplication; may be null outside the platform
 * @param generateTime when the platform received the message from the meter; may be null
 * @param receivedAt   when ingest received it
 * @param payload      the raw frame text exactly as received
 */
public record ReadingEvent(int schemaVersion, String productKey, String deviceName, String messageId,
        Instant generateTime, Instant receivedAt, String payload, Reading reading) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public ReadingEvent {
        Objects.requireNonNull(productKey, "productKey");
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(reading, "reading");
    }

    /** An event in the current schema version. */
    public static ReadingEvent of(String productKey, String deviceName, String messageId, Instant generateTime,
            Instant receivedAt, String payload, MeterReading reading) {
        return new ReadingEvent(CURRENT_SCHEMA_VERSION, productKey, deviceName, messageId, generateTime, receivedAt,
                payload, Reading.of(reading));
    }

    /**
     * The decoded frame in JSON-friendly form. Primary values are {@code frameType},
     * {@code protocolVersion}, {@code firmwareVersion}, {@code signalQuality}, {@code status},
     * {@code alarmCode} and {@code energyHundredthsKwh}; {@code statusFlags}, {@code alarm} and
     * {@code energyKwh} are derived copies so consumers (SQL, dashboards, other languages) need no
     * knowledge of the frame encoding.
     *
     * @param status      the nine status characters, e.g. {@code "011101010"}
     * @param statusFlags keys of the set status bits in position order, e.g. {@code ["power_on"]}
     * @param alarmCode   frame notation, e.g. {@code "am024"}
     * @param alarm       whether the alarm code is not {@code am000}
     * @param energyKwh   {@code energyHundredthsKwh / 100} with two decimals
     */
    public record Reading(String frameType, int protocolVersion, int firmwareVersion, int signalQuality,
            String status, List<String> statusFlags, String alarmCode, boolean alarm, long energyHundredthsKwh,
            BigDecimal energyKwh) {

        public Reading {
            statusFlags = statusFlags == null ? List.of() : List.copyOf(statusFlags);
        }

        public static Reading of(MeterReading reading) {
            List<String> flags = new ArrayList<>(StatusBit.COUNT);
            for (StatusBit bit : reading.status().set()) {
                flags.add(bit.key());
            }
            return new Reading(reading.frameType(), reading.protocolVersion(), reading.firmwareVersion(),
                    reading.signalQuality(), reading.status().asString(), flags, reading.alarm(), reading.hasAlarm(),
                    reading.energyHundredthsKwh(), reading.energyKwh());
        }

        /**
         * The domain reading rebuilt from the primary values.
         *
         * @throws IllegalArgumentException when they are missing or out of range
         */
        public MeterReading toMeterReading() {
            if (frameType == null || status == null || alarmCode == null) {
                throw new IllegalArgumentException("reading lacks frameType, status or alarmCode");
            }
            if (alarmCode.length() != 5 || !alarmCode.startsWith("am") || !digits(alarmCode, 2)) {
                throw new IllegalArgumentException("alarmCode '" + alarmCode + "' is not am followed by three digits");
            }
            return new MeterReading(frameType, protocolVersion, firmwareVersion, signalQuality,
                    StatusBits.parse(status), Integer.parseInt(alarmCode, 2, 5, 10), energyHundredthsKwh);
        }

        private static boolean digits(String s, int from) {
            for (int i = from; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }
    }
}
