package io.meterlink.command.gateway;

/**
 * What a gateway made of one send: taken (with the id the far side gave it) or refused with the far side's error
 * code. Whether a refusal is worth retrying is decided by the sender from the code, not here.
 */
public sealed interface SendOutcome permits SendOutcome.Delivered, SendOutcome.Refused {

    /** The platform accepted the Pub (MessageId) or the legacy broker acknowledged the publish. */
    record Delivered(String messageId) implements SendOutcome {
    }

    /**
     * Code of a send that may have reached the far side (read timeout, connection lost after the request was written):
     * the command ends FAILED with it and is never sent again, whatever the retryable codes say.
     */
    String IN_DOUBT = "InDoubt";

    /** A send that may or may not have arrived; {@code cause} is what went wrong (e.g. {@code SDK.ReadTimeout}). */
    static Refused inDoubt(String cause, String message) {
        return new Refused(IN_DOUBT, cause + ": " + message + "; not sent again");
    }

    /** Refused; {@code code} is the platform's error code (e.g. {@code Throttling.User}) or one of ours. */
    record Refused(String code, String message) implements SendOutcome {
    }
}
