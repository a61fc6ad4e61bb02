package io.meterlink.command.repository;

import io.meterlink.command.model.CommandState;
import java.time.Duration;

/** What to record for a command a sender had claimed. */
public sealed interface SendResult permits SendResult.Sent, SendResult.Retry, SendResult.Ended {

    /** Delivered: SENT with the platform's MessageId. */
    record Sent(String messageId) implements SendResult {
    }

    /** Refused with a retryable code: back to ACCEPTED, due again after {@code delay}. */
    record Retry(Duration delay, String code, String message) implements SendResult {
    }

    /** Refused for good (FAILED) or out of time (EXPIRED). */
    record Ended(CommandState state, String code, String message) implements SendResult {

        public Ended {
            if (state != CommandState.FAILED && state != CommandState.EXPIRED) {
                throw new IllegalArgumentException("not a final failure state: " + state);
            }
        }
    }
}
