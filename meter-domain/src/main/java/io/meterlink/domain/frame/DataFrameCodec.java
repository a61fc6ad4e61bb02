package io.meterlink.domain.frame;

import static io.meterlink.domain.frame.FrameEnvelope.decimal;
import static io.meterlink.domain.frame.FrameEnvelope.isDigit;
import static io.meterlink.domain.frame.FrameEnvelope.isUpper;
import static io.meterlink.domain.frame.FrameEnvelope.nextComma;
import static io.meterlink.domain.frame.FrameEnvelope.quote;

import io.meterlink.domain.frame.DataFrameResult.Parsed;
import io.meterlink.domain.frame.DataFrameResult.Rejected;

/**
 * Reads and writes the v02 meter data frame, e.g. {@code DE02,10,17,011101010,am024,1d478f}.
 * Parsing works directly on the payload bytes in a single pass without regex, allocation of
 * intermediate strings or exceptions, because it runs for every uplink message; any input,
 * however broken, yields a {@link DataFrameResult}. See the module README for the field table.
 */
public final class DataFrameCodec {

    public static final int MAX_FRAME_BYTES = FrameEnvelope.MAX_FRAME_BYTES;
    public static final int FIELD_COUNT = 6;
    /** The only data frame type this codec accepts and writes. */
    public static final String FRAME_TYPE = "DE02";
    public static final int PROTOCOL_VERSION = 2;

    public static final String FIELD_FRAME_TYPE = "frameType";
    public static final String FIELD_FIRMWARE_VERSION = "firmwareVersion";
    public static final String FIELD_SIGNAL_QUALITY = "signalQuality";
    public static final String FIELD_STATUS = "status";
    public static final String FIELD_ALARM = "alarm";
    public static final String FIELD_ENERGY = "energy";

    private static final int MAX_ENERGY_DIGITS = 8;

    private DataFrameCodec() {
    }

    /** Parses the payload as received from the platform; never throws. */
    public static DataFrameResult parse(byte[] payload) {
        FrameRejection envelope = FrameEnvelope.check(payload);
        if (envelope != null) {
            return new Rejected(envelope);
        }
        int fields = FrameEnvelope.countFields(payload);
        if (fields != FIELD_COUNT) {
            return new Rejected(FrameRejection.of(RejectionReason.FIELD_COUNT,
                    "found " + fields + " comma-separated fields, expected " + FIELD_COUNT));
        }
        byte[] p = payload;
        int n = p.length;

        int s = 0;
        int e = nextComma(p, s, n);
        if (e - s != 4 || !isUpper(p[s]) || !isUpper(p[s + 1]) || !isDigit(p[s + 2]) || !isDigit(p[s + 3])) {
            return invalid(FIELD_FRAME_TYPE, quote(p, s, e) + " is not two upper-case letters and a two-digit version");
        }
        if (p[s] != 'D' || p[s + 1] != 'E' || p[s + 2] != '0' || p[s + 3] != '2') {
            return new Rejected(new FrameRejection(RejectionReason.UNKNOWN_FRAME_TYPE, FIELD_FRAME_TYPE,
                    quote(p, s, e) + " is not a supported frame type (supported: " + FRAME_TYPE + ")"));
        }

        s = e + 1;
        e = nextComma(p, s, n);
        int firmware = decimal(p, s, e, 2);
        if (firmware < 0) {
            return invalid(FIELD_FIRMWARE_VERSION, quote(p, s, e) + " is not 0-99");
        }

        s = e + 1;
        e = nextComma(p, s, n);
        int csq = decimal(p, s, e, 2);
        if (csq < 0 || csq > MeterReading.MAX_SIGNAL_QUALITY && csq != MeterReading.SIGNAL_QUALITY_UNKNOWN) {
            return invalid(FIELD_SIGNAL_QUALITY, quote(p, s, e) + " is not 0-31 or 99");
        }

        s = e + 1;
        e = nextComma(p, s, n);
        int mask = statusMask(p, s, e);
        if (mask < 0) {
            return invalid(FIELD_STATUS, quote(p, s, e) + " is not exactly nine 0/1 characters");
        }

        s = e + 1;
        e = nextComma(p, s, n);
        int alarm = e - s == 5 && p[s] == 'a' && p[s + 1] == 'm' ? decimal(p, s + 2, e, 3) : -1;
        if (alarm < 0) {
            return invalid(FIELD_ALARM, quote(p, s, e) + " is not 'am' followed by three digits");
        }

        s = e + 1;
        e = n;
        long energy = hex(p, s, e);
        if (energy < 0) {
            return invalid(FIELD_ENERGY, quote(p, s, e) + " is not 1-8 hex digits");
        }

        return new Parsed(new MeterReading(FRAME_TYPE, PROTOCOL_VERSION, firmware, csq, new StatusBits(mask),
                alarm, energy));
    }

    /** Same as {@link #parse(byte[])}; length is judged on the UTF-8 encoding. Never throws. */
    public static DataFrameResult parse(String payload) {
        Object bytes = FrameEnvelope.bytesOf(payload);
        if (bytes instanceof FrameRejection rejection) {
            return new Rejected(rejection);
        }
        return parse((byte[]) bytes);
    }

    /**
     * Writes the frame for a reading: numbers in decimal without padding, energy as lower-case hex
     * without leading zeros. Inverse of {@link #parse(String)} for every {@value #FRAME_TYPE} reading.
     */
    public static String format(MeterReading reading) {
        return new StringBuilder(40)
                .append(reading.frameType()).append(',')
                .append(reading.firmwareVersion()).append(',')
                .append(reading.signalQuality()).append(',')
                .append(reading.status().asString()).append(',')
                .append(reading.alarm()).append(',')
                .append(Long.toHexString(reading.energyHundredthsKwh()))
                .toString();
    }

    private static Rejected invalid(String field, String detail) {
        return new Rejected(FrameRejection.invalid(field, detail));
    }

    private static int statusMask(byte[] p, int from, int to) {
        if (to - from != StatusBit.COUNT) {
            return -1;
        }
        int mask = 0;
        for (int i = 0; i < StatusBit.COUNT; i++) {
            byte b = p[from + i];
            if (b == '1') {
                mask |= 1 << i;
            } else if (b != '0') {
                return -1;
            }
        }
        return mask;
    }

    private static long hex(byte[] p, int from, int to) {
        int len = to - from;
        if (len < 1 || len > MAX_ENERGY_DIGITS) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int b = p[i];
            int d;
            if (b >= '0' && b <= '9') {
                d = b - '0';
            } else if (b >= 'a' && b <= 'f') {
                d = b - 'a' + 10;
            } else if (b >= 'A' && b <= 'F') {
                d = b - 'A' + 10;
            } else {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
