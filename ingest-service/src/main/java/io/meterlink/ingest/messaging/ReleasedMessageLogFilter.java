package io.meterlink.ingest.messaging;

import io.quarkus.logging.LoggingFilter;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the AMQP connector's one-line-per-message warning for a released message (SRMSG16221). When a batch cannot
 * be made durable the pipeline already logs one line for the whole batch, naming the cause; the connector would add
 * one line per message, thousands a minute while the database is down.
 */
@LoggingFilter(name = "ingest-released-messages")
public final class ReleasedMessageLogFilter implements Filter {

    private static final String RELEASED = "SRMSG16221";

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        return message == null || !message.startsWith(RELEASED);
    }
}
