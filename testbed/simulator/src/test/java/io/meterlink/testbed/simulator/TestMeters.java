package io.meterlink.testbed.simulator;

import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.topic.TopicMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Meters and reading records for tests; every test uses its own device names so broker sessions never mix. */
final class TestMeters {

    static final String PRODUCT_KEY = "a1SimTest";

    private TestMeters() {
    }

    /** {@code count} meters named {@code <prefix>-0001}... with distinct secrets. */
    static List<MeterIdentity> create(String prefix, int count) {
        List<MeterIdentity> meters = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            meters.add(new MeterIdentity(PRODUCT_KEY, String.format("%s-%04d", prefix, i),
                    "secret" + prefix.hashCode() + "x" + i));
        }
        return meters;
    }

    static String dataUp(MeterIdentity meter) {
        return TopicMapping.dataUp(meter.productKey(), meter.deviceName()).fullName();
    }

    static String cmdDown(MeterIdentity meter) {
        return TopicMapping.cmdDown(meter.productKey(), meter.deviceName()).fullName();
    }

    /** Records what each meter measured (the fleet's ground truth), in order. */
    static final class Readings implements ReadingListener {
        private final Map<String, List<MeterReading>> byMeter = new ConcurrentHashMap<>();

        @Override
        public void onReading(String deviceName, MeterReading reading) {
            byMeter.computeIfAbsent(deviceName, d -> new CopyOnWriteArrayList<>()).add(reading);
        }

        List<MeterReading> of(String deviceName) {
            return List.copyOf(byMeter.getOrDefault(deviceName, List.of()));
        }
    }
}
