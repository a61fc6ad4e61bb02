package io.meterlink.command.repository;

/**
 * A database statement failed; carries which step, so logs say what was being done. The SQLException stays its
 * cause, so api-support's problem mapper still tells a passing failure (deadlock victim, failover: 503 with
 * Retry-After) from a defect (500) through {@code TransientDatabaseFailure}.
 */
public class PersistenceFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PersistenceFailure(String step, Throwable cause) {
        super("database error while " + step + ": " + cause.getMessage(), cause);
    }
}
