package io.meterlink.domain.frame;

/**
 * Outcome of parsing a data frame. A sealed pair instead of an exception because rejected frames
 * are routine (noisy modems) and must be cheap to count and store.
 */
public sealed interface DataFrameResult permits DataFrameResult.Parsed, DataFrameResult.Rejected {

    /** Convenience for callers that only branch; pattern-match for the payload. */
    boolean isParsed();

    /** The frame was valid. */
    record Parsed(MeterReading reading) implements DataFrameResult {
        @Override
        public boolean isParsed() {
            return true;
        }
    }

    /** The frame was refused; {@code rejection} says why. */
    record Rejected(FrameRejection rejection) implements DataFrameResult {
        @Override
        public boolean isParsed() {
            return false;
        }
    }
}
