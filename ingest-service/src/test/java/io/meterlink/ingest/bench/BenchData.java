package io.meterlink.ingest.bench;

import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBits;
import io.meterlink.ingest.repository.ReadingRow;
import io.meterlink.ingest.service.Delivery;
import io.meterlink.ingest.service.DeliveryClassifier;
import io.meterlink.ingest.service.Settlement;
import io.meterlink.ingest.service.Verdict;
import io.meterlink.testbed.platform.DeviceRegistry;
import io.meterlink.testbed.platform.UplinkMessage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's workload: one valid frame from each of {@code count} distinct meters, as uplink messages for the
 * stand-in and as the rows and records ingest makes of them (for the raw-limit measurements).
 */
final class BenchData {

    static final String PRODUCT_KEY = "a1MeterLink";

    private BenchData() {
    }

    /** Frames with varied values; {@code round} changes the energy so a second backlog has different payloads. */
    static List<UplinkMessage> uplinks(int count, int round) {
        SplittableRandom random = new SplittableRandom(42 + round);
        List<UplinkMessage> messages = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            MeterReading reading = MeterReading.of(10 + random.nextInt(20), random.nextInt(32),
                    new StatusBits(random.nextInt(1 << 9)), random.nextInt(10) == 0 ? random.nextInt(1000) : 0,
                    random.nextLong(0x1000000L) + round * 10_000L);
            messages.add(new UplinkMessage(PRODUCT_KEY, DeviceRegistry.deviceName(i),
                    DataFrameCodec.format(reading).getBytes(StandardCharsets.US_ASCII)));
        }
        return messages;
    }

    /** What the classifier makes of the same messages, with message ids and generate times like the platform's. */
    static List<Verdict.Accepted> verdicts(List<UplinkMessage> uplinks, String idPrefix) {
        DeliveryClassifier classifier = new DeliveryClassifier(256, Duration.ofHours(1), 400);
        long now = System.currentTimeMillis();
        Settlement none = new Settlement() {
            @Override
            public void accept() {
            }

            @Override
            public void release(Throwable cause) {
            }
        };
        List<Verdict.Accepted> verdicts = new ArrayList<>(uplinks.size());
        int i = 0;
        for (UplinkMessage uplink : uplinks) {
            Delivery delivery = new Delivery(uplink.topic(), idPrefix + i++, now, uplink.payload(), Instant.now(),
                    System.nanoTime(), none);
            verdicts.add((Verdict.Accepted) classifier.classify(delivery, now));
        }
        return verdicts;
    }

    static List<ReadingRow> rows(List<Verdict.Accepted> verdicts) {
        List<ReadingRow> rows = new ArrayList<>(verdicts.size());
        for (Verdict.Accepted a : verdicts) {
            rows.add(new ReadingRow(a.generateTimeMs(), a.messageId(), a.productKey(), a.deviceName(),
                    a.delivery().receivedAt().toEpochMilli(),
                    new String(a.delivery().payload(), StandardCharsets.US_ASCII), a.reading()));
        }
        return rows;
    }
}
