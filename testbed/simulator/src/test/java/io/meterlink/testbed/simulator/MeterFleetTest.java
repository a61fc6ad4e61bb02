package io.meterlink.testbed.simulator;

import static io.meterlink.testbed.simulator.TestMeters.PRODUCT_KEY;
import static io.meterlink.testbed.simulator.TestMeters.cmdDown;
import static io.meterlink.testbed.simulator.TestMeters.dataUp;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterlink.domain.frame.CommandFrame;
import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.DataFrameResult;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.testbed.embedded.ArtemisBroker;
import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.meterlink.testbed.embedded.FreePorts;
import io.meterlink.testbed.simulator.MeterStatus.Endpoint;
import io.meterlink.testbed.simulator.TopicRecorder.Arrival;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fleet against real Artemis brokers, observed by an independent MQTT client. */
class MeterFleetTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void metersPublishValidFramesOnTheirOwnTopicsEveryIntervalWithGrowingEnergy() throws Exception {
        ArtemisBroker broker = EmbeddedInfrastructure.broker();
        List<MeterIdentity> meters = TestMeters.create("pub", 4);
        TestMeters.Readings produced = new TestMeters.Readings();
        try (TopicRecorder recorder = TopicRecorder.connect(broker.mqttUri(), "observer-pub")
                .subscribe("/" + PRODUCT_KEY + "/+/user/data/up");
                MeterFleet fleet = MeterFleet.builder().meters(meters).platform(broker.mqttUri())
                        .interval(Duration.ofSeconds(1)).seed(7)
                        .alarmRate(0.3).tamperRate(0.3).weakSignalRate(0.3)
                        .readingListener(produced).build().start()) {
            long startedMs = System.currentTimeMillis();
            await().atMost(PATIENCE).until(() -> meters.stream().allMatch(m -> recorder.on(dataUp(m)).size() >= 4));
            // Readings stop being taken between these two instants; the rest of stop() (draining acknowledgements,
            // disconnecting, closing the event loop) takes no reading and may be slow on a loaded machine.
            long stoppingMs = System.currentTimeMillis();
            fleet.stop();
            long stoppedMs = System.currentTimeMillis();

            List<MeterReading> everything = new ArrayList<>();
            for (MeterIdentity meter : meters) {
                MeterStatus status = fleet.meter(meter.deviceName());
                await().atMost(PATIENCE).until(() -> recorder.on(dataUp(meter)).size() >= status.published());
                List<MeterReading> received = parse(recorder.on(dataUp(meter)));
                assertEquals(status.published(), received.size(), "every acknowledged reading arrived once");
                assertEquals(produced.of(meter.deviceName()).subList(0, received.size()), received,
                        meter.deviceName() + " sent what it measured, in order");
                for (int i = 1; i < received.size(); i++) {
                    assertTrue(received.get(i).energyHundredthsKwh() > received.get(i - 1).energyHundredthsKwh(),
                            "energy of " + meter.deviceName() + " grows: " + received);
                }
                // One reading per elapsed interval: never more (no double firing), at most one short (the first
                // falls due on the first boundary after start).
                long atMost = (stoppedMs - startedMs) / 1000 + 1;
                long atLeast = (stoppingMs - startedMs) / 1000 - 1;
                assertTrue(status.readingsTaken() <= atMost && status.readingsTaken() >= atLeast,
                        status.readingsTaken() + " readings between " + (stoppingMs - startedMs) + " and "
                                + (stoppedMs - startedMs) + " ms at one per second");
                everything.addAll(received);
            }
            assertTrue(everything.stream().anyMatch(MeterReading::hasAlarm), "alarms at rate 0.3");
            assertTrue(everything.stream().anyMatch(r -> r.status().isSet(StatusBit.COVER_OPENED)), "tamper bits");
            assertTrue(everything.stream().anyMatch(r -> r.signalQuality() < 10), "weak signal");
            assertTrue(everything.stream().anyMatch(r -> !r.hasAlarm() && r.signalQuality() >= 10
                    && !r.status().isSet(StatusBit.COVER_OPENED)), "and ordinary readings");
            assertEquals(0, fleet.errors());
        }
    }

    @Test
    void burstModeSendsEveryMeterRightAfterTheIntervalBoundary() throws Exception {
        ArtemisBroker broker = EmbeddedInfrastructure.broker();
        List<MeterIdentity> meters = TestMeters.create("burst", 10);
        long intervalMs = 2000;
        try (TopicRecorder recorder = TopicRecorder.connect(broker.mqttUri(), "observer-burst")
                .subscribe("/" + PRODUCT_KEY + "/+/user/data/up");
                MeterFleet fleet = MeterFleet.builder().meters(meters).platform(broker.mqttUri())
                        .interval(Duration.ofMillis(intervalMs)).mode(PublishMode.BURST).build().start()) {
            await().atMost(PATIENCE).until(() -> meters.stream().allMatch(m -> recorder.on(dataUp(m)).size() >= 2));
            meters.forEach(m -> assertEquals(0, fleet.offsetMs(m.deviceName())));
            for (Arrival arrival : recorder.arrivals()) {
                long phase = arrival.atMs() % intervalMs;
                assertTrue(phase < intervalMs / 2, "burst reading arrived " + phase + " ms into the interval");
            }
            for (MeterIdentity meter : meters) {
                assertConsecutiveSlots(recorder.on(dataUp(meter)), intervalMs, 0);
            }
        }
    }

    @Test
    void spreadModeGivesEachMeterItsOwnStableOffsetInTheInterval() throws Exception {
        ArtemisBroker broker = EmbeddedInfrastructure.broker();
        List<MeterIdentity> meters = TestMeters.create("spread", 10);
        long intervalMs = 2000;
        try (TopicRecorder recorder = TopicRecorder.connect(broker.mqttUri(), "observer-spread")
                .subscribe("/" + PRODUCT_KEY + "/+/user/data/up");
                MeterFleet fleet = MeterFleet.builder().meters(meters).platform(broker.mqttUri())
                        .interval(Duration.ofMillis(intervalMs)).mode(PublishMode.SPREAD).seed(3).build().start()) {
            await().atMost(PATIENCE).until(() -> meters.stream().allMatch(m -> recorder.on(dataUp(m)).size() >= 2));

            Set<Long> offsets = new HashSet<>();
            for (MeterIdentity meter : meters) {
                long offset = fleet.offsetMs(meter.deviceName());
                assertTrue(offset >= 0 && offset < intervalMs);
                offsets.add(offset);
                assertConsecutiveSlots(recorder.on(dataUp(meter)), intervalMs, offset);
            }
            // Random offsets may collide now and then, as real meters' clocks do; most must differ.
            assertTrue(offsets.size() > meters.size() / 2, "meters have their own offsets: " + offsets);
            long spreadMs = offsets.stream().mapToLong(Long::longValue).max().getAsLong()
                    - offsets.stream().mapToLong(Long::longValue).min().getAsLong();
            assertTrue(spreadMs > intervalMs / 2, "offsets cover most of the interval: " + offsets);

            Set<Long> halvesSeen = new HashSet<>();
            recorder.arrivals().forEach(a -> halvesSeen.add(a.atMs() % intervalMs * 2 / intervalMs));
            assertEquals(Set.of(0L, 1L), halvesSeen, "readings arrive in both halves of the interval");
        }
    }

    @Test
    void commandsAreCountedPerMeterAndInvalidOnesAsErrors() throws Exception {
        ArtemisBroker broker = EmbeddedInfrastructure.broker();
        List<MeterIdentity> meters = TestMeters.create("cmd", 3);
        try (TopicRecorder backend = TopicRecorder.connect(broker.mqttUri(), "backend-cmd");
                MeterFleet fleet = MeterFleet.builder().meters(meters).platform(broker.mqttUri()).build().start()) {
            await().atMost(PATIENCE).until(() -> meters.stream()
                    .allMatch(m -> fleet.meter(m.deviceName()).listening()));

            backend.publish(cmdDown(meters.get(0)), "CMD,82923,ad322");
            backend.publish(cmdDown(meters.get(1)), "CMD,1,OTA,platform");
            backend.publish(cmdDown(meters.get(1)), "CMD,2,relay,open");
            backend.publish(cmdDown(meters.get(2)), "DE02,not,a,command");

            await().atMost(PATIENCE).until(() -> fleet.stats().commandsReceived() == 3
                    && fleet.stats().invalidCommands() == 1);
            assertEquals(List.of(new CommandFrame(82923, List.of("ad322"))),
                    fleet.commandsReceived(meters.get(0).deviceName()));
            // Counted per meter; the broker does not promise their order (two deliveries may overtake each other).
            List<CommandFrame> second = fleet.commandsReceived(meters.get(1).deviceName());
            assertEquals(2, second.size(), second.toString());
            assertEquals(Set.of(new CommandFrame(1, List.of("OTA", "platform")),
                    new CommandFrame(2, List.of("relay", "open"))), Set.copyOf(second));
            assertEquals(List.of(), fleet.commandsReceived(meters.get(2).deviceName()));
            assertEquals(1, fleet.errors(), "the invalid frame is an error");
            assertEquals(0, fleet.switchedToPlatform(), "a platform meter has nowhere to switch to");
            assertEquals(Endpoint.PLATFORM, fleet.meter(meters.get(1).deviceName()).endpoint());
        }
    }

    /**
     * The OTA endpoint change, with a platform that refuses the meter for a while: readings that fall due during the
     * switch wait in the meter and arrive on the platform topic afterwards, so legacy plus platform readings are
     * exactly what the meter measured.
     */
    @Test
    void legacyMeterSwitchesToThePlatformOnItsCommandWithoutLosingAReading() throws Exception {
        GatedSecurityManager platformGate = new GatedSecurityManager();
        List<MeterIdentity> meters = TestMeters.create("switch", 2);
        MeterIdentity legacyMeter = meters.get(0);
        MeterIdentity platformMeter = meters.get(1);
        TestMeters.Readings produced = new TestMeters.Readings();
        try (ArtemisBroker legacy = ArtemisBroker.builder("legacy-cluster").amqpPort(-1).start();
                ArtemisBroker platform = ArtemisBroker.builder("platform").amqpPort(-1).securityManager(platformGate)
                        .configure(c -> c.setSecurityInvalidationInterval(0)).start();
                TopicRecorder legacyView = TopicRecorder.connect(legacy.mqttUri(), "observer-legacy")
                        .subscribe(TopicMapping.LEGACY_DATA_POST);
                TopicRecorder platformView = TopicRecorder.connect(platform.mqttUri(), "observer-platform")
                        .subscribe("/" + PRODUCT_KEY + "/+/user/data/up");
                MeterFleet fleet = MeterFleet.builder().meters(meters)
                        .legacyBroker(legacy.mqttUri()).legacy(1).platform(platform.mqttUri())
                        .switchCommand(List.of("OTA", "platform"))
                        .interval(Duration.ofMillis(500))
                        .connectAttempts(1000).reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(300))
                        .readingListener(produced).build().start()) {
            await().atMost(PATIENCE).until(() -> legacyView.on(TopicMapping.LEGACY_DATA_POST).size() >= 3
                    && fleet.meter(legacyMeter.deviceName()).listening());
            assertEquals(Endpoint.LEGACY, fleet.meter(legacyMeter.deviceName()).endpoint());

            legacyView.publish(TopicMapping.LEGACY_CMD_PUSH, "CMD,7,OTA,platform");
            await().atMost(PATIENCE).until(() -> fleet.meter(legacyMeter.deviceName()).endpoint() == Endpoint.PLATFORM);
            long takenAtSwitch = fleet.meter(legacyMeter.deviceName()).readingsTaken();
            // The platform refuses it for now: readings fall due while the meter is between endpoints.
            await().atMost(PATIENCE).until(() -> fleet.meter(legacyMeter.deviceName()).readingsTaken()
                    >= takenAtSwitch + 3);
            assertEquals(0, fleet.switchedToPlatform());
            assertTrue(fleet.stats().pending() >= 3, "readings wait in the meter: " + fleet.stats());

            platformGate.open();
            await().atMost(PATIENCE).until(() -> fleet.switchedToPlatform() == 1
                    && platformView.on(dataUp(legacyMeter)).size() >= 5);
            fleet.stop();

            MeterStatus status = fleet.meter(legacyMeter.deviceName());
            assertEquals(Endpoint.PLATFORM, status.endpoint());
            assertEquals(List.of(new CommandFrame(7, List.of("OTA", "platform"))), status.commands());
            List<MeterReading> onLegacy = parse(legacyView.on(TopicMapping.LEGACY_DATA_POST));
            await().atMost(PATIENCE).until(() -> onLegacy.size() + platformView.on(dataUp(legacyMeter)).size()
                    >= status.published());
            List<MeterReading> onPlatform = parse(platformView.on(dataUp(legacyMeter)));
            List<MeterReading> received = new ArrayList<>(onLegacy);
            received.addAll(onPlatform);
            List<MeterReading> measured = produced.of(legacyMeter.deviceName());
            assertEquals(measured.subList(0, received.size()), received,
                    "legacy then platform readings are the meter's readings without a gap or duplicate");
            assertEquals(status.published(), received.size());
            assertTrue(onPlatform.size() >= 5);

            assertTrue(platformView.on(dataUp(platformMeter)).size() > 0, "the platform meter publishes there");
            assertEquals(Endpoint.PLATFORM, fleet.meter(platformMeter.deviceName()).endpoint());
            assertTrue(fleet.stats().connectFailures() > 0, "the gate refused CONNECTs while closed");
        }
    }

    @Test
    void metersReconnectAfterABrokerRestartAndSendWhatFellDueMeanwhile() throws Exception {
        int port = FreePorts.next();
        List<MeterIdentity> meters = TestMeters.create("restart", 2);
        MeterIdentity watched = meters.get(0);
        TestMeters.Readings produced = new TestMeters.Readings();
        try (MeterFleet fleet = MeterFleet.builder().meters(meters).platform("tcp://127.0.0.1:" + port)
                .interval(Duration.ofMillis(500)).reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(400))
                .readingListener(produced).build()) {
            List<MeterReading> onFirst;
            try (ArtemisBroker first = ArtemisBroker.builder("restart-1").mqttPort(port).amqpPort(-1).start();
                    TopicRecorder view = TopicRecorder.connect(first.mqttUri(), "observer-restart-1")
                            .subscribe(dataUp(watched))) {
                fleet.start();
                await().atMost(PATIENCE).until(() -> view.on(dataUp(watched)).size() >= 3);
                onFirst = parse(view.on(dataUp(watched)));
            }
            // The broker is gone: readings keep falling due and wait in the meters.
            await().atMost(PATIENCE).until(() -> fleet.connected() == 0);
            int acknowledgedByFirst = (int) fleet.meter(watched.deviceName()).published();
            long takenWhileDown = fleet.meter(watched.deviceName()).readingsTaken();
            await().atMost(PATIENCE).until(() -> fleet.meter(watched.deviceName()).readingsTaken()
                    >= takenWhileDown + 3);
            assertTrue(fleet.stats().pending() >= 3, fleet.stats().toString());

            // Meters are let in only once the observer listens, so it sees the very first reading they re-send.
            GatedSecurityManager gate = new GatedSecurityManager();
            try (ArtemisBroker second = ArtemisBroker.builder("restart-2").mqttPort(port).amqpPort(-1)
                    .securityManager(gate).configure(c -> c.setSecurityInvalidationInterval(0)).start();
                    TopicRecorder view = TopicRecorder.connect(second.mqttUri(), "observer-restart-2")
                            .subscribe(dataUp(watched))) {
                gate.open();
                await().atMost(PATIENCE).until(() -> fleet.connected() == 2
                        && view.on(dataUp(watched)).size() >= 6);
                fleet.stop();
                long published = fleet.meter(watched.deviceName()).published();
                await().atMost(PATIENCE).until(() -> view.on(dataUp(watched)).size()
                        >= published - acknowledgedByFirst);
                List<MeterReading> onSecond = parse(view.on(dataUp(watched)));
                List<MeterReading> measured = produced.of(watched.deviceName());

                assertEquals(measured.subList(0, onFirst.size()), onFirst);
                assertTrue(onFirst.size() <= acknowledgedByFirst);
                assertEquals(measured.subList(acknowledgedByFirst, acknowledgedByFirst + onSecond.size()), onSecond,
                        "the second broker gets everything the first did not acknowledge, in order, from the first"
                                + " unacknowledged reading on");
                assertEquals(published - acknowledgedByFirst, onSecond.size());
                assertTrue(fleet.errors() > 0, "the lost connection and refused reconnects are counted");
            }
        }
    }

    private static List<MeterReading> parse(List<Arrival> arrivals) {
        List<MeterReading> readings = new ArrayList<>();
        for (Arrival a : arrivals) {
            DataFrameResult result = DataFrameCodec.parse(a.payload());
            assertTrue(result instanceof DataFrameResult.Parsed, a.payload() + " is a valid frame: " + result);
            readings.add(((DataFrameResult.Parsed) result).reading());
        }
        return readings;
    }

    /** A meter's readings land one per interval, each in the interval after the previous one. */
    private static void assertConsecutiveSlots(List<Arrival> arrivals, long intervalMs, long offsetMs) {
        for (int i = 1; i < arrivals.size(); i++) {
            long previous = Math.floorDiv(arrivals.get(i - 1).atMs() - offsetMs, intervalMs);
            long slot = Math.floorDiv(arrivals.get(i).atMs() - offsetMs, intervalMs);
            assertEquals(previous + 1, slot, "readings " + (i - 1) + " and " + i + " one interval apart: " + arrivals);
        }
    }
}
