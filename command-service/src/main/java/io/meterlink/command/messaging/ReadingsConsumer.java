package io.meterlink.command.messaging;

import io.meterlink.command.metrics.CommandMetrics;
import io.meterlink.command.service.MeterService;
import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.event.ReadingEventCodec;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the meter registry current from {@code meter.readings}: every event there came through the IoT Platform
 * (ingest consumes only the platform), so it marks the meter PLATFORM and records its last frame. Batches are
 * written in one transaction and acknowledged after it commits; a record that cannot be read is logged and skipped
 * (ingest already dead-letters malformed frames, so this is only a schema mismatch), never retried forever.
 */
@ApplicationScoped
public class ReadingsConsumer {

    private static final Logger LOG = Logger.getLogger(ReadingsConsumer.class);

    private final MeterService meters;
    private final CommandMetrics metrics;

    public ReadingsConsumer(MeterService meters, CommandMetrics metrics) {
        this.meters = meters;
        this.metrics = metrics;
    }

    @Incoming("meter-readings")
    @Blocking
    public void consume(List<byte[]> records) throws InterruptedException {
        List<ReadingEvent> events = new ArrayList<>(records.size());
        for (byte[] record : records) {
            try {
                events.add(ReadingEventCodec.fromJson(record));
            } catch (IllegalArgumentException e) {
                metrics.readingRejected();
                LOG.warnf("skipping an unreadable meter.readings record: %s", e.getMessage());
            }
        }
        long backoffMs = 500;
        while (true) {
            try {
                meters.recordReadings(events);
                return;
            } catch (RuntimeException e) {
                // Database unavailable: hold the batch (and so the offsets) until it is back.
                LOG.warnf("recording %d readings failed, retrying in %d ms: %s", events.size(), backoffMs,
                        e.getMessage());
                TimeUnit.MILLISECONDS.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }
}
