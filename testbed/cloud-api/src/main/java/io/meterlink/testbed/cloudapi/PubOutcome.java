package io.meterlink.testbed.cloudapi;

import java.util.Objects;

/** What a {@link PubHandler} did with a message: delivered under a message id, or refused with Alibaba's code. */
public sealed interface PubOutcome {

    /** The message was accepted for delivery; {@code messageId} is returned to the caller as {@code MessageId}. */
    record Delivered(String messageId) implements PubOutcome {
        public Delivered {
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    /**
     * The platform refused the message, answered as {@code {"Success":false,"Code":code,"ErrorMessage":message}}
     * (e.g. {@code iot.device.NotExistedDevice}, {@code iot.messagebroker.OFFLINE}).
     */
    record Refused(String code, String message) implements PubOutcome {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    static PubOutcome delivered(String messageId) {
        return new Delivered(messageId);
    }

    static PubOutcome refused(String code, String message) {
        return new Refused(code, message);
    }
}
