package io.meterlink.domain.frame;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One decoded data frame. Values are kept in their wire units (tenths of a firmware version,
 * hundredths of a kWh) so that a reading re-encodes to exactly the same values, and the
 * constructor enforces the frame ranges so an instance can always be formatted back into a frame.
 *
 * @param frameType           e.g. {@code "DE02"}: two upper-case letters and two digits
 * @param protocolVersion     the two digits of {@code frameType} as a number
 * @param firmwareVersion     0..99, tenths: 10 means firmware 1.0
 * @param signalQuality       GSM CSQ 0..31, or 99 when the modem does not know it
 * @param status              the nine status flags
 * @param alarmCode           0..999, 0 meaning no alarm
 * @param energyHundredthsKwh cumulative active energy in 0.01 kWh, 0..0xFFFFFFFF
 */
public record MeterReading(String frameType, int protocolVersion, int firmwareVersion, int signalQuality,
        StatusBits status, int alarmCode, long energyHundredthsKwh) {

    /** CSQ value a modem reports when it cannot measure the signal. */
    public static final int SIGNAL_QUALITY_UNKNOWN = 99;
    public static final int MAX_SIGNAL_QUALITY = 31;
    public static final int MAX_FIRMWARE_VERSION = 99;
    public static final int MAX_ALARM_CODE = 999;
    /** Eight hex digits is the widest energy counter a frame can carry. */
    public static final long MAX_ENERGY_HUNDREDTHS_KWH = 0xFFFF_FFFFL;

    public MeterReading {
        Objects.requireNonNull(frameType, "frameType");
        Objects.requireNonNull(status, "status");
        if (frameType.length() != 4 || !isUpper(frameType.charAt(0)) || !isUpper(frameType.charAt(1))
                || !isDigit(frameType.charAt(2)) || !isDigit(frameType.charAt(3))) {
            throw new IllegalArgumentException("frameType '" + frameType
                    + "' is not two upper-case letters and two digits");
        }
        int typeVersion = (frameType.charAt(2) - '0') * 10 + (frameType.charAt(3) - '0');
        if (protocolVersion != typeVersion) {
            throw new IllegalArgumentException("protocolVersion " + protocolVersion
                    + " does not match frameType " + frameType);
        }
        if (firmwareVersion < 0 || firmwareVersion > MAX_FIRMWARE_VERSION) {
            throw new IllegalArgumentException("firmwareVersion " + firmwareVersion + " is not 0-99");
        }
        if ((signalQuality < 0 || signalQuality > MAX_SIGNAL_QUALITY) && signalQuality != SIGNAL_QUALITY_UNKNOWN) {
            throw new IllegalArgumentException("signalQuality " + signalQuality + " is not 0-31 or 99");
        }
        if (alarmCode < 0 || alarmCode > MAX_ALARM_CODE) {
            throw new IllegalArgumentException("alarmCode " + alarmCode + " is not 0-999");
        }
        if (energyHundredthsKwh < 0 || energyHundredthsKwh > MAX_ENERGY_HUNDREDTHS_KWH) {
            throw new IllegalArgumentException("energyHundredthsKwh " + energyHundredthsKwh
                    + " is not 0-" + MAX_ENERGY_HUNDREDTHS_KWH);
        }
    }

    /** A reading of the current data frame type ({@value DataFrameCodec#FRAME_TYPE}). */
    public static MeterReading of(int firmwareVersion, int signalQuality, StatusBits status, int alarmCode,
            long energyHundredthsKwh) {
        return new MeterReading(DataFrameCodec.FRAME_TYPE, DataFrameCodec.PROTOCOL_VERSION, firmwareVersion,
                signalQuality, status, alarmCode, energyHundredthsKwh);
    }

    /** False when the modem reported CSQ 99, so dashboards do not plot 99 as a great signal. */
    public boolean signalQualityKnown() {
        return signalQuality != SIGNAL_QUALITY_UNKNOWN;
    }

    public boolean hasAlarm() {
        return alarmCode != 0;
    }

    /** The alarm in frame notation, e.g. {@code "am024"}; {@code "am000"} when there is none. */
    public String alarm() {
        return alarmText(alarmCode);
    }

    /** Cumulative energy in kWh with exactly two decimals, e.g. {@code 19188.63}. */
    public BigDecimal energyKwh() {
        return BigDecimal.valueOf(energyHundredthsKwh, 2);
    }

    /** Firmware as shown to people, e.g. {@code "1.0"} for version 10. */
    public String firmware() {
        return (firmwareVersion / 10) + "." + (firmwareVersion % 10);
    }

    static String alarmText(int code) {
        return new String(new char[] {'a', 'm', (char) ('0' + code / 100), (char) ('0' + code / 10 % 10),
                (char) ('0' + code % 10)});
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
