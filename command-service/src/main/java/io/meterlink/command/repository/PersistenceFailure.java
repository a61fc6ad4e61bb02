package io.meterlink.command.repository;

/** A database statement failed; carries which step, so logs say what was being done. */
public class PersistenceFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PersistenceFailure(String step, Throwable cause) {
        super("database error while " + step + ": " + cause.getMessage(), cause);
    }
}
