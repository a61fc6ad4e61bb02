package io.meterlink.ingest.service;

/**
 * Settles one platform message. Accepting removes it from the consumer group for good, so it is only called once
 * everything the message produced is durable; releasing hands it back for redelivery.
 */
public interface Settlement {

    /** The message is durable (or deliberately dead-lettered): the platform may forget it. */
    void accept();

    /** The message could not be made durable: the platform must deliver it again. */
    void release(Throwable cause);
}
