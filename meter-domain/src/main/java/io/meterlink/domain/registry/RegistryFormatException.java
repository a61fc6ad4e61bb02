package io.meterlink.domain.registry;

/**
 * A registry file line that is not a meter. Carries the line number and the problem apart, so each reader can say
 * where in its own terms (a file path, an API field {@code line 3}).
 */
public class RegistryFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String problem;

    public RegistryFormatException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
        this.problem = problem;
    }

    /** The offending line, counting from 1. */
    public int line() {
        return line;
    }

    /** What is wrong with it, without the line number. */
    public String problem() {
        return problem;
    }
}
