package io.meterlink.domain.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The v02 data frame contract: the documented example, every rejection reason and field, and range boundaries. */
class DataFrameCodecTest {

    static final String EXAMPLE = "DE02,10,17,011101010,am024,1d478f";

    static MeterReading parsed(String frame) {
        DataFrameResult result = DataFrameCodec.parse(frame);
        DataFrameResult.Parsed parsed = assertInstanceOf(DataFrameResult.Parsed.class, result, () -> frame + " -> " + result);
        assertTrue(result.isParsed());
        return parsed.reading();
    }

    static FrameRejection rejected(String frame) {
        DataFrameResult result = DataFrameCodec.parse(frame);
        DataFrameResult.Rejected rejected = assertInstanceOf(DataFrameResult.Rejected.class, result, () -> frame + " -> " + result);
        assertFalse(result.isParsed());
        return rejected.rejection();
    }

    static void assertInvalid(String frame, String field) {
        FrameRejection r = rejected(frame);
        assertEquals(RejectionReason.INVALID_FIELD, r.reason(), r::message);
        assertEquals(field, r.field(), r::message);
        assertTrue(r.message().startsWith("field " + field + ": "), r::message);
    }

    @Test
    void parsesTheDocumentedExample() {
        MeterReading r = parsed(EXAMPLE);
        assertEquals("DE02", r.frameType());
        assertEquals(2, r.protocolVersion());
        assertEquals(10, r.firmwareVersion());
        assertEquals("1.0", r.firmware());
        assertEquals(17, r.signalQuality());
        assertTrue(r.signalQualityKnown());
        assertEquals("011101010", r.status().asString());
        assertEquals(EnumSet.of(StatusBit.POWER_ON, StatusBit.BATTERY_OK, StatusBit.COVER_OPENED,
                StatusBit.REVERSE_CURRENT, StatusBit.MEMORY_ERROR), r.status().set());
        assertFalse(r.status().isSet(StatusBit.RELAY_CLOSED));
        assertTrue(r.status().isSet(StatusBit.COVER_OPENED));
        assertEquals(24, r.alarmCode());
        assertTrue(r.hasAlarm());
        assertEquals("am024", r.alarm());
        assertEquals(0x1d478fL, r.energyHundredthsKwh());
        assertEquals(new BigDecimal("19188.63"), r.energyKwh());
        assertEquals(MeterReading.of(10, 17, StatusBits.parse("011101010"), 24, 1918863), r);
    }

    @Test
    void bytesAndStringParseAlike() {
        assertEquals(DataFrameCodec.parse(EXAMPLE), DataFrameCodec.parse(EXAMPLE.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void formatIsTheInverseOfParse() {
        assertEquals(EXAMPLE, DataFrameCodec.format(parsed(EXAMPLE)));
        MeterReading zero = MeterReading.of(0, 99, StatusBits.NONE, 0, 0);
        assertEquals("DE02,0,99,000000000,am000,0", DataFrameCodec.format(zero));
        assertEquals(zero, parsed(DataFrameCodec.format(zero)));
        MeterReading max = MeterReading.of(99, 31, new StatusBits(511), 999, 0xFFFFFFFFL);
        assertEquals("DE02,99,31,111111111,am999,ffffffff", DataFrameCodec.format(max));
        assertEquals(max, parsed(DataFrameCodec.format(max)));
    }

    @Test
    void readingHelpers() {
        MeterReading r = MeterReading.of(0, 99, StatusBits.NONE, 0, 5);
        assertEquals("0.0", r.firmware());
        assertFalse(r.signalQualityKnown());
        assertFalse(r.hasAlarm());
        assertEquals("am000", r.alarm());
        assertEquals(new BigDecimal("0.05"), r.energyKwh());
        assertEquals("9.9", MeterReading.of(99, 0, StatusBits.NONE, 7, 0).firmware());
        assertEquals("am007", MeterReading.of(99, 0, StatusBits.NONE, 7, 0).alarm());
    }

    @Test
    void readingRejectsValuesNoFrameCanCarry() {
        StatusBits s = StatusBits.NONE;
        assertThrows(IllegalArgumentException.class, () -> MeterReading.of(100, 17, s, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MeterReading.of(-1, 17, s, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MeterReading.of(10, 32, s, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MeterReading.of(10, 98, s, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MeterReading.of(10, 17, s, 1000, 0));
        assertThrows(IllegalArgumentException.class, () -> MeterReading.of(10, 17, s, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> MeterReading.of(10, 17, s, 0, 0x1_0000_0000L));
        assertThrows(NullPointerException.class, () -> MeterReading.of(10, 17, null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MeterReading("DE02", 3, 10, 17, s, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MeterReading("de02", 2, 10, 17, s, 0, 0));
    }

    // --- envelope ---------------------------------------------------------------------------

    @Test
    void empty() {
        assertEquals(RejectionReason.EMPTY, rejected("").reason());
        assertEquals(RejectionReason.EMPTY, rejected(null).reason());
        assertEquals(RejectionReason.EMPTY, ((DataFrameResult.Rejected) DataFrameCodec.parse((byte[]) null)).rejection().reason());
        assertEquals(RejectionReason.EMPTY, ((DataFrameResult.Rejected) DataFrameCodec.parse(new byte[0])).rejection().reason());
        assertNull(rejected("").field());
    }

    @Test
    void tooLongAt257Bytes() {
        assertEquals(RejectionReason.FIELD_COUNT, rejected("a".repeat(256)).reason());
        FrameRejection r = rejected("a".repeat(257));
        assertEquals(RejectionReason.TOO_LONG, r.reason());
        assertEquals("frame is 257 bytes, max 256", r.message());
        // padded valid frame: 256 bytes is judged on its fields, 257 is too long
        String frame256 = "DE02,10,17,011101010,am024," + "0".repeat(256 - 27);
        assertEquals(256, frame256.length());
        assertInvalid(frame256, "energy");
        assertEquals(RejectionReason.TOO_LONG, rejected(frame256 + "0").reason());
        // length is checked before content, and on the UTF-8 size for strings
        assertEquals(RejectionReason.TOO_LONG, rejected("\u00e9".repeat(129)).reason());
        assertEquals(RejectionReason.NOT_ASCII, rejected("\u00e9".repeat(128)).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE02,10,17,011101010,am024,1d478f\n", "DE02,10,17,011101010,am024,1d478f\r\n",
        "DE02,10,17,011101010,am024,\t1d478f", "DE02,10,17,011101010,am024,1d478f\u0000",
        "DE02,10,17,011101010,am024,1d478f\u007f", "DE02,10,17,011101010,am\u00e924,1d478f",
        "DE02,10,17,011101010,am024,1d478f\ud83d\ude00", "\ud800"})
    void notAscii(String frame) {
        FrameRejection r = rejected(frame);
        assertEquals(RejectionReason.NOT_ASCII, r.reason(), r::message);
        assertNull(r.field());
    }

    @Test
    void notAsciiBytesNameTheOffset() {
        byte[] bytes = EXAMPLE.getBytes(StandardCharsets.US_ASCII);
        bytes[5] = (byte) 0xC3;
        FrameRejection r = ((DataFrameResult.Rejected) DataFrameCodec.parse(bytes)).rejection();
        assertEquals(RejectionReason.NOT_ASCII, r.reason());
        assertEquals("byte 0xc3 at offset 5 is not printable ASCII", r.message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DE02,10,17,011101010,am024|5",
        "DE02,10,17,011101010,am024,1d478f,|7",
        "DE02,10,17,011101010,am024,1d,478f|7",
        ",,,,,,,|8",
        "DE02|1",
        "DE02;10;17;011101010;am024;1d478f|1"})
    void fieldCount(String frame, int found) {
        FrameRejection r = rejected(frame);
        assertEquals(RejectionReason.FIELD_COUNT, r.reason(), r::message);
        assertNull(r.field());
        assertEquals("found " + found + " comma-separated fields, expected 6", r.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE01", "DE03", "DE99", "DE00", "XY02", "CM02", "ED02"})
    void unknownFrameType(String type) {
        FrameRejection r = rejected(type + ",10,17,011101010,am024,1d478f");
        assertEquals(RejectionReason.UNKNOWN_FRAME_TYPE, r.reason(), r::message);
        assertEquals("frameType", r.field());
    }

    // --- fields ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"de02", "De02", "DE2", "DE002", "D02", "DEX2", "DE0X", "", " DE02", "1E02", "CMD"})
    void invalidFrameType(String type) {
        assertInvalid(type + ",10,17,011101010,am024,1d478f", "frameType");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "100", "999", "-1", "+1", "1a", " 1", "1 ", "1.0", "0x1"})
    void invalidFirmwareVersion(String value) {
        assertInvalid("DE02," + value + ",17,011101010,am024,1d478f", "firmwareVersion");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "00", "09", "10", "99"})
    void firmwareBoundaries(String value) {
        assertEquals(Integer.parseInt(value), parsed("DE02," + value + ",17,011101010,am024,1d478f").firmwareVersion());
    }

    @Test
    void signalQualityMessage() {
        FrameRejection r = rejected("DE02,10,45,011101010,am024,1d478f");
        assertEquals("field signalQuality: '45' is not 0-31 or 99", r.message());
        assertEquals("'45' is not 0-31 or 99", r.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"32", "45", "98", "100", "099", "", "-1", "+5", "a", "1 "})
    void invalidSignalQuality(String value) {
        assertInvalid("DE02,10," + value + ",011101010,am024,1d478f", "signalQuality");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "00,0", "31,31", "99,99", "7,7"})
    void signalQualityBoundaries(String value, int expected) {
        MeterReading r = parsed("DE02,10," + value + ",011101010,am024,1d478f");
        assertEquals(expected, r.signalQuality());
        assertEquals(expected != 99, r.signalQualityKnown());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "01110101", "0111010100", "01110101x", "011101012", "O11101010", " 11101010", "1 1101010"})
    void invalidStatus(String value) {
        assertInvalid("DE02,10,17," + value + ",am024,1d478f", "status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "am24", "am0245", "AM024", "Am024", "am02a", "xx024", "am", "024", "am-24", " am024"})
    void invalidAlarm(String value) {
        assertInvalid("DE02,10,17,011101010," + value + ",1d478f", "alarm");
    }

    @Test
    void alarmBoundaries() {
        assertFalse(parsed("DE02,10,17,011101010,am000,1").hasAlarm());
        assertEquals(999, parsed("DE02,10,17,011101010,am999,1").alarmCode());
        assertEquals(1, parsed("DE02,10,17,011101010,am001,1").alarmCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123456789", "fffffffff", "1g", "0x1d", " 1d", "1d ", "-1", "+1", "1d.4"})
    void invalidEnergy(String value) {
        assertInvalid("DE02,10,17,011101010,am024," + value, "energy");
    }

    @Test
    void energyHexBoundaries() {
        assertEquals(0xFFFFFFFFL, parsed("DE02,10,17,011101010,am024,ffffffff").energyHundredthsKwh());
        assertEquals(0xFFFFFFFFL, parsed("DE02,10,17,011101010,am024,FFFFFFFF").energyHundredthsKwh());
        assertEquals(new BigDecimal("42949672.95"), parsed("DE02,10,17,011101010,am024,FfFfFfFf").energyKwh());
        assertEquals(1L, parsed("DE02,10,17,011101010,am024,00000001").energyHundredthsKwh());
        assertEquals(0L, parsed("DE02,10,17,011101010,am024,0").energyHundredthsKwh());
        assertEquals(parsed(EXAMPLE), parsed("DE02,10,17,011101010,am024,1D478F"));
        assertInvalid("DE02,10,17,011101010,am024,000000001", "energy");
    }

    @Test
    void longFieldsAreQuotedShortened() {
        String frame = "DE02,10,17,011101010,am024," + "z".repeat(200);
        FrameRejection r = rejected(frame);
        assertEquals("energy", r.field());
        assertTrue(r.detail().length() < 100, r::detail);
        assertTrue(r.detail().contains("(200 chars)"), r::detail);
    }

    @Test
    void firstInvalidFieldIsReported() {
        assertInvalid("DE02,100,45,0,am,x", "firmwareVersion");
        assertInvalid("DE02,10,45,0,am,x", "signalQuality");
    }
}
