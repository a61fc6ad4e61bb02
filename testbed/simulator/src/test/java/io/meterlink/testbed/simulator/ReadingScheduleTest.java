package io.meterlink.testbed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingScheduleTest {

    private static final Duration QUARTER = Duration.ofMinutes(15);

    @Test
    void burstReadingsFallDueOnTheNextQuarterHour() {
        ReadingSchedule schedule = new ReadingSchedule(QUARTER, PublishMode.BURST, 1, "meter-000001");
        long now = Instant.parse("2026-03-02T10:07:31Z").toEpochMilli();
        assertEquals(Instant.parse("2026-03-02T10:15:00Z").toEpochMilli(), schedule.firstDueAfter(now));
        long boundary = Instant.parse("2026-03-02T10:15:00Z").toEpochMilli();
        assertEquals(Instant.parse("2026-03-02T10:30:00Z").toEpochMilli(), schedule.firstDueAfter(boundary),
                "strictly after: a boundary that is now has passed");
    }

    @Test
    void spreadOffsetsAreStablePerMeterAndSeedAndInsideTheInterval() {
        long a = new ReadingSchedule(QUARTER, PublishMode.SPREAD, 1, "meter-000001").offsetMs();
        assertEquals(a, new ReadingSchedule(QUARTER, PublishMode.SPREAD, 1, "meter-000001").offsetMs());
        assertNotEquals(a, new ReadingSchedule(QUARTER, PublishMode.SPREAD, 2, "meter-000001").offsetMs());
        assertNotEquals(a, new ReadingSchedule(QUARTER, PublishMode.SPREAD, 1, "meter-000002").offsetMs());
        for (int i = 1; i <= 1000; i++) {
            long offset = new ReadingSchedule(QUARTER, PublishMode.SPREAD, 1, "meter-" + i).offsetMs();
            assertTrue(offset >= 0 && offset < QUARTER.toMillis(), "offset " + offset);
        }
    }

    @Test
    void spreadOffsetsFillTheIntervalEvenly() {
        int[] perMinute = new int[15];
        for (int i = 1; i <= 15_000; i++) {
            long offset = new ReadingSchedule(QUARTER, PublishMode.SPREAD, 1, String.format("meter-%06d", i))
                    .offsetMs();
            perMinute[(int) (offset / 60_000)]++;
        }
        for (int count : perMinute) {
            assertEquals(1000, count, 150, "about a fifteenth of the fleet in each minute");
        }
    }

    @Test
    void aSpreadMeterIsDueAtItsOffsetInEveryInterval() {
        ReadingSchedule schedule = new ReadingSchedule(Duration.ofSeconds(10), PublishMode.SPREAD, 4, "meter-000009");
        long due = schedule.firstDueAfter(1_000_000);
        assertEquals(schedule.offsetMs(), Math.floorMod(due, 10_000));
        assertTrue(due > 1_000_000 && due <= 1_010_000);
        assertEquals(schedule.slotOf(due) + 1, schedule.slotOf(schedule.firstDueAfter(due)));
    }
}
