package io.meterlink.domain.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The status-bit table and the mask/text mapping other services rely on for alert configuration. */
class StatusBitTest {

    @Test
    void tableIsOrderedByPositionWithUniqueKeys() {
        List<String> keys = List.of("relay_closed", "power_on", "battery_ok", "cover_opened", "magnetic_interference",
                "reverse_current", "clock_error", "memory_error", "overload");
        StatusBit[] bits = StatusBit.values();
        assertEquals(StatusBit.COUNT, bits.length);
        Set<String> seen = new HashSet<>();
        for (int p = 0; p < bits.length; p++) {
            assertEquals(p, bits[p].position());
            assertEquals(keys.get(p), bits[p].key());
            assertEquals(bits[p], StatusBit.byPosition(p));
            assertEquals(bits[p], StatusBit.byKey(bits[p].key()));
            assertFalse(bits[p].description().isBlank());
            assertTrue(seen.add(bits[p].key()));
        }
    }

    @Test
    void unknownKeyListsValidKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatusBit.byKey("tamper"));
        assertTrue(e.getMessage().contains("'tamper'"), e::getMessage);
        for (StatusBit bit : StatusBit.values()) {
            assertTrue(e.getMessage().contains(bit.key()), e::getMessage);
        }
        assertThrows(IllegalArgumentException.class, () -> StatusBit.byKey(null));
        assertThrows(IllegalArgumentException.class, () -> StatusBit.byKey("COVER_OPENED"));
        assertThrows(IllegalArgumentException.class, () -> StatusBit.byPosition(9));
        assertThrows(IllegalArgumentException.class, () -> StatusBit.byPosition(-1));
    }

    @Test
    void maskBitZeroIsTheLeftmostCharacter() {
        assertEquals(1, StatusBits.parse("100000000").mask());
        assertEquals(256, StatusBits.parse("000000001").mask());
        assertEquals(0b0_1010_1110, StatusBits.parse("011101010").mask());
        assertTrue(StatusBits.parse("100000000").isSet(StatusBit.RELAY_CLOSED));
        assertTrue(StatusBits.parse("000000001").isSet(StatusBit.OVERLOAD));
    }

    @Test
    void everyMaskRoundtripsThroughText() {
        for (int mask = 0; mask < 512; mask++) {
            StatusBits bits = new StatusBits(mask);
            assertEquals(bits, StatusBits.parse(bits.asString()));
            assertEquals(Integer.bitCount(mask), bits.set().size());
        }
    }

    @Test
    void buildersAndValidation() {
        StatusBits bits = StatusBits.of(StatusBit.POWER_ON, StatusBit.OVERLOAD);
        assertEquals("010000001", bits.asString());
        assertEquals(EnumSet.of(StatusBit.POWER_ON, StatusBit.OVERLOAD), bits.set());
        assertEquals("110000001", bits.with(StatusBit.RELAY_CLOSED).asString());
        assertEquals("000000000", StatusBits.NONE.asString());
        assertThrows(UnsupportedOperationException.class, () -> bits.set().add(StatusBit.CLOCK_ERROR));
        assertThrows(IllegalArgumentException.class, () -> new StatusBits(512));
        assertThrows(IllegalArgumentException.class, () -> new StatusBits(-1));
        assertThrows(IllegalArgumentException.class, () -> StatusBits.parse("01110101"));
        assertThrows(IllegalArgumentException.class, () -> StatusBits.parse("01110101x"));
        assertThrows(IllegalArgumentException.class, () -> StatusBits.parse(null));
    }
}
