package io.meterlink.testbed.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the stand-in logs, so tests can check that refusals name who was refused. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
        capture.logger.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (record.getParameters() != null && record.getParameters().length > 0) {
            message = String.format(message.replaceAll("\\{\\d+}", "%s"), record.getParameters());
        }
        messages.add(message);
    }

    boolean contains(String... parts) {
        return messages.stream().anyMatch(m -> {
            for (String part : parts) {
                if (!m.contains(part)) {
                    return false;
                }
            }
            return true;
        });
    }

    List<String> messages() {
        return messages;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
