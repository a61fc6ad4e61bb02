package io.meterlink.alert.service;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBits;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The de-duplication key that makes a redelivered reading recognisable. */
class IncomingReadingTest {

    private static ReadingEvent event(String messageId) {
        MeterReading r = MeterReading.of(10, 20, StatusBits.NONE, 0, 1);
        return ReadingEvent.of("pk", "meter-1", messageId, null, Instant.EPOCH, DataFrameCodec.format(r), r);
    }

    @Test
    void thePlatformMessageIdIdentifiesADeliveryWhereverItLandsInKafka() {
        assertEquals("msg:pk:123", IncomingReading.dedupKey(event("123"), null, "meter.readings", 0, 5));
        assertEquals("msg:pk:123", IncomingReading.dedupKey(event("123"), "other", "meter.readings", 3, 9));
    }

    @Test
    void theHeaderStandsInForAMissingIdAndTheKafkaPositionForBoth() {
        assertEquals("msg:pk:h-1", IncomingReading.dedupKey(event(null), "h-1", "meter.readings", 0, 5));
        assertEquals("kafka:meter.readings:2:77", IncomingReading.dedupKey(event(" "), null, "meter.readings", 2, 77));
    }
}
