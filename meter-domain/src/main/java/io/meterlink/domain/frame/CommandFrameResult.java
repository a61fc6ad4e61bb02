package io.meterlink.domain.frame;

/**
 * Outcome of parsing or validating a command frame; a value rather than an exception so API
 * handlers and the device simulator can report the exact problem without try/catch.
 */
public sealed interface CommandFrameResult permits CommandFrameResult.Parsed, CommandFrameResult.Rejected {

    /** Convenience for callers that only branch; pattern-match for the payload. */
    boolean isParsed();

    /** The command was valid. */
    record Parsed(CommandFrame frame) implements CommandFrameResult {
        @Override
        public boolean isParsed() {
            return true;
        }
    }

    /** The command was refused; {@code rejection} says why. */
    record Rejected(FrameRejection rejection) implements CommandFrameResult {
        @Override
        public boolean isParsed() {
            return false;
        }
    }
}
