package io.meterlink.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.DataFrameResult;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reading event wire shape, its compatibility rules and its refusal of events it cannot trust. */
class ReadingEventCodecTest {

    static final String FRAME = "DE02,10,17,011101010,am024,1d478f";
    static final MeterReading READING = ((DataFrameResult.Parsed) DataFrameCodec.parse(FRAME)).reading();
    static final ReadingEvent EVENT = ReadingEvent.of("a1B2c3D4e5F", "meter-0001", "1720000000000123456",
            Instant.parse("2024-07-03T09:46:40.123Z"), Instant.parse("2024-07-03T09:46:40.456789Z"), FRAME, READING);

    static final String JSON = """
            {"schemaVersion":1,"productKey":"a1B2c3D4e5F","deviceName":"meter-0001","messageId":"1720000000000123456",\
            "generateTime":"2024-07-03T09:46:40.123Z","receivedAt":"2024-07-03T09:46:40.456789Z",\
            "payload":"DE02,10,17,011101010,am024,1d478f","reading":{"frameType":"DE02","protocolVersion":2,\
            "firmwareVersion":10,"signalQuality":17,"status":"011101010",\
            "statusFlags":["power_on","battery_ok","cover_opened","reverse_current","memory_error"],\
            "alarmCode":"am024","alarm":true,"energyHundredthsKwh":1918863,"energyKwh":19188.63}}""";

    @Test
    void factoryFillsTheNestedReading() {
        ReadingEvent.Reading r = EVENT.reading();
        assertEquals(ReadingEvent.CURRENT_SCHEMA_VERSION, EVENT.schemaVersion());
        assertEquals("011101010", r.status());
        assertEquals(List.of("power_on", "battery_ok", "cover_opened", "reverse_current", "memory_error"), r.statusFlags());
        assertEquals("am024", r.alarmCode());
        assertTrue(r.alarm());
        assertEquals(new BigDecimal("19188.63"), r.energyKwh());
        assertEquals(READING, r.toMeterReading());
    }

    @Test
    void writesTheDocumentedShape() {
        assertEquals(JSON, ReadingEventCodec.toJsonString(EVENT));
        assertEquals(JSON, new String(ReadingEventCodec.toJson(EVENT), StandardCharsets.UTF_8));
    }

    @Test
    void roundtrips() {
        assertEquals(EVENT, ReadingEventCodec.fromJson(ReadingEventCodec.toJson(EVENT)));
        assertEquals(EVENT, ReadingEventCodec.fromJson(JSON));
        ReadingEvent minimal = ReadingEvent.of("pk", "dn01", null, null, Instant.EPOCH, "DE02,0,99,000000000,am000,0",
                MeterReading.of(0, 99, StatusBits.NONE, 0, 0));
        String json = ReadingEventCodec.toJsonString(minimal);
        assertTrue(json.contains("\"messageId\":null"), json);
        assertTrue(json.contains("\"energyKwh\":0.00"), json);
        ReadingEvent back = ReadingEventCodec.fromJson(json);
        assertEquals(minimal, back);
        assertNull(back.generateTime());
    }

    @Test
    void ignoresUnknownProperties() {
        String withExtras = JSON.replace("{\"schemaVersion\":1,", "{\"schemaVersion\":1,\"region\":\"cn-shanghai\",\"tags\":{\"a\":[1]},")
                .replace("\"frameType\":\"DE02\",", "\"frameType\":\"DE02\",\"voltage\":229.5,");
        assertEquals(EVENT, ReadingEventCodec.fromJson(withExtras));
    }

    @Test
    void derivedFieldsAreRecomputedFromPrimaryValues() {
        String inconsistent = JSON.replace("\"alarm\":true", "\"alarm\":false").replace("19188.63", "1.5")
                .replace("[\"power_on\",\"battery_ok\",\"cover_opened\",\"reverse_current\",\"memory_error\"]", "[]");
        assertEquals(EVENT, ReadingEventCodec.fromJson(inconsistent));
        String withoutDerived = JSON.replace(",\"alarm\":true", "").replace(",\"energyKwh\":19188.63", "")
                .replace("\"statusFlags\":[\"power_on\",\"battery_ok\",\"cover_opened\",\"reverse_current\",\"memory_error\"],", "");
        assertEquals(EVENT, ReadingEventCodec.fromJson(withoutDerived));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 99, -1})
    void rejectsUnsupportedSchemaVersion(int version) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReadingEventCodec.fromJson(JSON.replace("\"schemaVersion\":1", "\"schemaVersion\":" + version)));
        assertTrue(e.getMessage().contains("unsupported reading event schemaVersion " + version), e::getMessage);
    }

    @Test
    void rejectsMissingOrNonIntegerSchemaVersion() {
        for (String json : List.of(JSON.replace("\"schemaVersion\":1,", ""), JSON.replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\""),
                JSON.replace("\"schemaVersion\":1", "\"schemaVersion\":1.5"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadingEventCodec.fromJson(json));
            assertTrue(e.getMessage().contains("schemaVersion"), e::getMessage);
        }
    }

    @Test
    void rejectsBadJson() {
        for (String json : List.of("", "{", "[]", "null", "42", "not json", JSON + "x", JSON.replace("\"reading\":{", "\"reading\":["))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadingEventCodec.fromJson(json), json);
            assertTrue(e.getMessage().startsWith("reading event") || e.getMessage().startsWith("invalid reading event"),
                    e::getMessage);
        }
        assertThrows(IllegalArgumentException.class, () -> ReadingEventCodec.fromJson((String) null));
        assertThrows(IllegalArgumentException.class, () -> ReadingEventCodec.fromJson((byte[]) null));
        assertThrows(IllegalArgumentException.class, () -> ReadingEventCodec.fromJson(new byte[] {(byte) 0xFF, 0x7B}));
    }

    @Test
    void rejectsMissingAndInvalidValues() {
        String[][] cases = {
            {",\"productKey\":\"a1B2c3D4e5F\"", "", "lacks productKey"},
            {"\"payload\":\"DE02,10,17,011101010,am024,1d478f\"", "\"payload\":null", "lacks payload"},
            {",\"energyHundredthsKwh\":1918863", "", "lacks reading.energyHundredthsKwh"},
            {"\"firmwareVersion\":10", "\"firmwareVersion\":null", "lacks reading.firmwareVersion"},
            {"\"status\":\"011101010\"", "\"status\":\"0111\"", "status"},
            {"\"alarmCode\":\"am024\"", "\"alarmCode\":\"AM024\"", "alarmCode"},
            {"\"signalQuality\":17", "\"signalQuality\":45", "signalQuality"},
            {"\"firmwareVersion\":10", "\"firmwareVersion\":\"ten\"", "invalid reading event"},
            {"\"receivedAt\":\"2024-07-03T09:46:40.456789Z\"", "\"receivedAt\":\"yesterday\"", "invalid reading event"},
        };
        for (String[] c : cases) {
            String json = JSON.replace(c[0], c[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadingEventCodec.fromJson(json),
                    c[1]);
            assertTrue(e.getMessage().contains(c[2]), e::getMessage);
        }
    }
}
