package io.meterlink.api;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Tells a database failure that is over by itself from one about the request: the first is answered 503 with
 * Retry-After (every write runs in one transaction, so the request was applied entirely or not at all), the second is
 * a defect.
 */
public final class TransientDatabaseFailure {

    private TransientDatabaseFailure() {
    }

    /**
     * The SQLState of a failure worth retrying as it was: deadlock victim or failed serialization (class 40), lost
     * connection (08), server short of resources (53), server shutting down or starting (57P01–57P03).
     *
     * @return the SQLState, empty when {@code failure} (or any of its causes) is anything else
     */
    public static Optional<String> sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("40") || state.startsWith("08") || state.startsWith("53")
                        || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return Optional.of(state);
                }
            }
        }
        return Optional.empty();
    }
}
