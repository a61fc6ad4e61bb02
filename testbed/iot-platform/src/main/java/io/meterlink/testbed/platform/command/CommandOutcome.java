package io.meterlink.testbed.platform.command;

/** What the platform answers a Pub with: accepted under a message id, or refused with an Alibaba-style code. */
public sealed interface CommandOutcome permits CommandOutcome.Accepted, CommandOutcome.Refused {

    /**
     * Accepted: delivered to the subscribed device, kept for it (QoS 1, device not subscribed), or dropped like the
     * platform drops QoS 0 messages to offline devices; the API answers Success in all three cases.
     */
    record Accepted(String messageId, Fate fate) implements CommandOutcome {
    }

    record Refused(String code, String message) implements CommandOutcome {
    }

    /** What happened to an accepted message; the API does not say, tests and logs do. */
    enum Fate {
        DELIVERED, KEPT_FOR_OFFLINE_DEVICE, DROPPED_DEVICE_OFFLINE
    }
}
