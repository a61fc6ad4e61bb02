package io.meterlink.command.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The job transitions operators may ask for, as one table. */
class JobStateTest {

    @Test
    void allowsOnlyTheOperatorTransitionsAndRepeats() {
        String expected = """
                RUNNING->RUNNING PAUSED CANCELLED
                PAUSED->RUNNING PAUSED CANCELLED
                CANCELLED->CANCELLED
                COMPLETED->COMPLETED
                """;
        StringBuilder actual = new StringBuilder();
        for (JobState from : JobState.values()) {
            actual.append(from).append("->");
            StringBuilder targets = new StringBuilder();
            for (JobState to : JobState.values()) {
                if (from.canMoveTo(to)) {
                    targets.append(targets.length() == 0 ? "" : " ").append(to);
                }
            }
            actual.append(targets).append('\n');
        }
        assertEquals(expected, actual.toString());
    }
}
