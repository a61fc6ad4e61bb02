package io.meterlink.command.repository;

import java.sql.SQLException;
import java.util.Optional;

/** A database statement failed; carries which step, so logs say what was being done. */
public class PersistenceFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PersistenceFailure(String step, Throwable cause) {
        super("database error while " + step + ": " + cause.getMessage(), cause);
    }

    /**
     * The SQLState of a failure that says nothing about the request itself and is worth retrying as it was: the
     * transaction was chosen as a deadlock victim or failed serialization (class 40), the connection was lost
     * (08), the server is short of resources (53) or shutting down / starting (57P01–57P03).
     *
     * @return the SQLState, empty when {@code failure} is anything else
     */
    public static Optional<String> transientState(Throwable failure) {
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
