package io.meterlink.command.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.api.TransientDatabaseFailure;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which database failures the API answers with 503 + Retry-After rather than 500: api-support's mapper looks through
 * the causes, so this service's {@link PersistenceFailure} must keep the SQLException as its cause.
 */
class PersistenceFailureTest {

    private static RuntimeException failure(String sqlState) {
        return new IllegalStateException("wrapped", new PersistenceFailure("doing something",
                new SQLException("boom", sqlState)));
    }

    @Test
    void deadlockSerializationConnectionAndShutdownAreTransient() {
        for (String state : new String[] {"40P01", "40001", "08006", "08003", "53300", "57P01", "57P03"}) {
            assertEquals(Optional.of(state), TransientDatabaseFailure.sqlState(failure(state)), state);
        }
    }

    @Test
    void errorsInTheRequestOrTheCodeAreNot() {
        for (String state : new String[] {"23505", "23503", "42601", "42P01", "57014", "22001"}) {
            assertTrue(TransientDatabaseFailure.sqlState(failure(state)).isEmpty(), state);
        }
        assertTrue(TransientDatabaseFailure.sqlState(new SQLException("no state")).isEmpty());
        assertTrue(TransientDatabaseFailure.sqlState(new IllegalStateException("not SQL")).isEmpty());
    }
}
