package io.meterlink.command.model;

/**
 * Where a command is in its delivery. {@code ACCEPTED} and {@code SENDING} are open; the others are final.
 * {@code SENDING} exists so a crash between "Pub called" and "result stored" is visible afterwards and the command
 * is never sent a second time.
 */
public enum CommandState {
    /** Stored by the API, waiting for the sender (first time or after a retryable error). */
    ACCEPTED,
    /** Claimed by a sender that is calling the gateway right now. */
    SENDING,
    /** The gateway took it: the platform's MessageId (or the legacy broker's acknowledgement) is recorded. */
    SENT,
    /** Refused for good (validation, authorization, ...), or in doubt after a sender crashed mid-send. */
    FAILED,
    /** Its TTL passed before it could be sent. */
    EXPIRED,
    /** Its job was cancelled before it was sent. */
    CANCELLED;

    public boolean isOpen() {
        return this == ACCEPTED || this == SENDING;
    }
}
