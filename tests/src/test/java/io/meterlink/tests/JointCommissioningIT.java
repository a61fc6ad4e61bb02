package io.meterlink.tests;

import io.meterlink.domain.frame.CommandFrame;
import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.signing.DeviceSigner;
import io.meterlink.domain.signing.MqttConnectCredentials;
import io.meterlink.domain.signing.SignMethod;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.testbed.cloudapi.SentSms;
import io.meterlink.testbed.localrun.MeterLinkSystem;
import io.meterlink.testbed.localrun.RequestedFleet;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.platform.RegisteredDevice;
import io.meterlink.testbed.simulator.MeterFleet;
import io.meterlink.testbed.simulator.MeterStatus;
import io.meterlink.testbed.simulator.PublishMode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's joint commissioning, automated: the three services run as separate processes from their packaged jars
 * against the embedded infrastructure and the IoT Platform stand-in, and every link of the chain is checked from the
 * outside — simulated meters, real MQTT, signed AMQP, signed OpenAPI calls, Kafka, PostgreSQL, REST with JWTs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JointCommissioningIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Meters registered with the platform and command-service; the first {@link #FLEET} of them run. */
    private static final int REGISTRY = 20;
    private static final int FLEET = 6;
    private static final String LEGACY_METER = "meter-000001";
    private static final String PLATFORM_METER = "meter-000004";
    private static final String ALARM_DEVICE = "meter-000010";

    private MeterLinkSystem system;
    private MeterFleet fleet;
    private CommandApi api;
    private final Map<String, List<Long>> takenEnergy = new ConcurrentHashMap<>();
    private final List<String> legacyFrames = new CopyOnWriteArrayList<>();
    private MqttClient legacyObserver;

    @BeforeAll
    void startTheSystem() throws Exception {
        Path repository = Path.of(System.getProperty("meterlink.repository", "..")).toAbsolutePath().normalize();
        system = MeterLinkSystem.start(MeterLinkSystem.Settings.anyPorts(repository,
                repository.resolve("tests/target/joint-commissioning"),
                new RequestedFleet(REGISTRY, 1, IotPlatform.DEFAULT_PRODUCT_KEY)),
                line -> System.out.println("[system] " + line));
        api = new CommandApi(system.command().baseUrl(), system.tokens());

        // The legacy cluster's own data feed, as the old backend saw it: what the legacy meter reports before its switch.
        legacyObserver = new MqttClient(system.platform().legacyMqttUri(), "legacy-backend-observer", new MemoryPersistence());
        legacyObserver.connect();
        legacyObserver.subscribe("cdb/data/post/" + LEGACY_METER, 1,
                (topic, message) -> legacyFrames.add(new String(message.getPayload(), StandardCharsets.US_ASCII)));

        // MeterLinkSystem imported the registry into command-service: every meter is LEGACY until its data arrives
        // through the platform.
        fleet = MeterFleet.builder()
                .registry(system.registryFile())
                .meters(FLEET)
                .platform(system.platform().mqttUri())
                .legacyBroker(system.platform().legacyMqttUri())
                .legacy(List.of(LEGACY_METER))
                .interval(Duration.ofSeconds(1))
                .mode(PublishMode.SPREAD)
                .alarmRate(0)
                .tamperRate(0)
                .weakSignalRate(0)
                .readingListener((device, reading) -> takenEnergy
                        .computeIfAbsent(device, d -> new CopyOnWriteArrayList<>()).add(reading.energyHundredthsKwh()))
                .build()
                .start();
    }

    @AfterAll
    void stopTheSystem() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (legacyObserver != null && legacyObserver.isConnected()) {
            legacyObserver.disconnect();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void aMetersReadingReachesBothKafkaTopicsAndPostgresUnchanged() throws Exception {
        await().atMost(PATIENCE).until(() -> !storedFrames(PLATFORM_METER).isEmpty());
        String stored = storedFrames(PLATFORM_METER).get(0);
        assertTrue(DataFrameCodec.parse(stored).isParsed(), stored);

        List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> events = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            raw.addAll(poll("cdb.data.post", PLATFORM_METER));
            events.addAll(poll("meter.readings", PLATFORM_METER));
            return raw.stream().anyMatch(r -> new String(r.value(), StandardCharsets.US_ASCII).equals(stored))
                    && events.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(stored));
        });
        ConsumerRecord<String, byte[]> legacyCompatible = raw.stream()
                .filter(r -> new String(r.value(), StandardCharsets.US_ASCII).equals(stored)).findFirst().orElseThrow();
        assertArrayEquals(stored.getBytes(StandardCharsets.US_ASCII), legacyCompatible.value());
        assertEquals(PLATFORM_METER, new String(legacyCompatible.headers().lastHeader("deviceName").value(),
                StandardCharsets.UTF_8));
    }

    @Test
    @Order(2)
    void aMeterRaisingAnAlarmGetsTheOnCallEngineerAnSms() throws Exception {
        // "ready" only means alert-service's Kafka clients are connected. It starts from the earliest retained offset
        // (the production setting), so nothing is skipped, but the alarm must arrive as a fresh reading to be texted:
        // wait until the service is applying the fleet's readings, then raise it.
        await().atMost(PATIENCE).until(() -> system.alert().metrics()
                .sum("meterlink_readings_total", "outcome=\"applied\"") > 0);
        RegisteredDevice device = system.platform().registry().find(IotPlatform.DEFAULT_PRODUCT_KEY, ALARM_DEVICE)
                .orElseThrow();
        MqttConnectCredentials login = DeviceSigner.connect(device.productKey(), device.deviceName(),
                device.deviceSecret(), device.deviceName(), SignMethod.HMACSHA256, 3, System.currentTimeMillis());
        MqttClient meter = new MqttClient(system.platform().mqttUri(), login.clientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(login.username());
        options.setPassword(login.password().toCharArray());
        options.setKeepAliveInterval(60);
        meter.connect(options);
        try {
            meter.publish(TopicMapping.dataUp(device.productKey(), device.deviceName()).fullName(),
                    "DE02,10,17,011101010,am024,1d478f".getBytes(StandardCharsets.US_ASCII), 1, false);
        } finally {
            meter.disconnect();
            meter.close();
        }
        await().atMost(PATIENCE).until(() -> system.platform().cloudApi().smsLog().stream()
                .anyMatch(sms -> sms.sentTo(MeterLinkSystem.ONCALL_NUMBER) && sms.templateParam().contains(ALARM_DEVICE)));
        SentSms sms = system.platform().cloudApi().smsLog().stream()
                .filter(s -> s.templateParam().contains(ALARM_DEVICE)).findFirst().orElseThrow();
        assertEquals(MeterLinkSystem.SMS_ALERT_TEMPLATE, sms.templateCode());
    }

    @Test
    @Order(3)
    void anAdminCommandReachesAPlatformMeterThroughTheSignedPubApi() throws Exception {
        await().atMost(PATIENCE).until(() -> "PLATFORM".equals(api.migrationState(IotPlatform.DEFAULT_PRODUCT_KEY, PLATFORM_METER)));
        String id = api.send(IotPlatform.DEFAULT_PRODUCT_KEY, PLATFORM_METER, List.of("ad322"));
        await().atMost(PATIENCE).until(() -> received(PLATFORM_METER).contains(List.of("ad322")));
        await().atMost(PATIENCE).until(() -> "SENT".equals(api.commandState(id)));
        assertTrue(system.platform().cloudApi().pubLog().stream()
                .anyMatch(pub -> pub.topicFullName().equals(TopicMapping.cmdDown(IotPlatform.DEFAULT_PRODUCT_KEY,
                        PLATFORM_METER).fullName())), "the command went through the Pub API");
    }

    @Test
    @Order(4)
    void aLegacyMeterGetsItsCommandThenMovesToThePlatformWithoutLosingAReading() throws Exception {
        assertEquals("LEGACY", api.migrationState(IotPlatform.DEFAULT_PRODUCT_KEY, LEGACY_METER));
        String configure = api.send(IotPlatform.DEFAULT_PRODUCT_KEY, LEGACY_METER, List.of("cfg7"));
        await().atMost(PATIENCE).until(() -> received(LEGACY_METER).contains(List.of("cfg7")));
        assertEquals(MeterStatus.Endpoint.LEGACY, fleet.meter(LEGACY_METER).endpoint());
        await().atMost(PATIENCE).until(() -> "SENT".equals(api.commandState(configure)));

        // The OTA endpoint change, sent like any other command while the meter still lives on the legacy cluster.
        api.send(IotPlatform.DEFAULT_PRODUCT_KEY, LEGACY_METER, List.of("OTA", "platform"));
        await().atMost(PATIENCE).until(() -> fleet.meter(LEGACY_METER).endpoint() == MeterStatus.Endpoint.PLATFORM);
        await().atMost(PATIENCE).until(() -> "PLATFORM".equals(api.migrationState(IotPlatform.DEFAULT_PRODUCT_KEY, LEGACY_METER)));
        await().atMost(PATIENCE).until(() -> storedFrames(LEGACY_METER).size() >= 3);

        // Stop the meters, then every reading the meter took is either on the legacy feed or stored by ingest.
        fleet.stop();
        List<Long> taken = takenEnergy.get(LEGACY_METER);
        await().atMost(PATIENCE).until(() -> arrived(LEGACY_METER).size() >= new HashSet<>(taken).size());
        Set<Long> arrived = arrived(LEGACY_METER);
        assertEquals(new HashSet<>(taken), arrived, "readings taken vs readings that reached a backend");
        assertTrue(legacyFrames.size() >= 1, "the meter reported on the legacy cluster before its switch");
    }

    private Set<Long> arrived(String device) throws Exception {
        Set<Long> energies = new HashSet<>();
        for (String frame : legacyFrames) {
            energies.add(energyOf(frame));
        }
        for (String frame : storedFrames(device)) {
            energies.add(energyOf(frame));
        }
        return energies;
    }

    private static long energyOf(String frame) {
        return ((io.meterlink.domain.frame.DataFrameResult.Parsed) DataFrameCodec.parse(frame)).reading()
                .energyHundredthsKwh();
    }

    private List<List<String>> received(String device) {
        return fleet.commandsReceived(device).stream().map(CommandFrame::args).toList();
    }

    private List<String> storedFrames(String device) throws Exception {
        try (Connection c = system.postgres().connect("ingest");
             PreparedStatement q = c.prepareStatement(
                     "SELECT frame FROM ingest.reading WHERE device_name = ? ORDER BY generate_time")) {
            q.setString(1, device);
            List<String> frames = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    frames.add(rs.getString(1));
                }
            }
            return frames;
        } catch (java.sql.SQLException e) {
            // the schema appears when ingest has migrated; until then nothing is stored
            return List.of();
        }
    }

    private List<ConsumerRecord<String, byte[]>> poll(String topic, String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        records.add(r);
                    }
                });
            }
            return records;
        }
    }
}
