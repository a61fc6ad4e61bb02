package io.meterlink.command;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.event.ReadingEventCodec;
import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.DataFrameResult;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the tests do to the running service and its surroundings: authenticated calls, meters, readings, and
 * watching its database for lock waits.
 */
public final class Testbed {

    private static KafkaProducer<String, byte[]> producer;

    private Testbed() {
    }

    /** A request carrying {@code token}. */
    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** Registers meters of one product (as LEGACY) through the admin API. */
    public static void register(String productKey, List<String> deviceNames) {
        List<Map<String, String>> meters = deviceNames.stream()
                .map(dn -> Map.of("productKey", productKey, "deviceName", dn)).toList();
        as(Tokens.admin("registrar")).body(Map.of("meters", meters))
                .post("/api/v1/meters").then().statusCode(200);
    }

    /** Waits until a PostgreSQL backend running a statement like {@code queryPattern} waits for a lock. */
    public static void awaitLockWait(DataSource dataSource, String queryPattern) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?")) {
                ps.setString(1, queryPattern);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            }
        });
    }

    /** Publishes a reading of the meter on {@code meter.readings}, as ingest does for a frame from the platform. */
    public static void publishReading(String productKey, String deviceName, String frame, Instant generateTime) {
        DataFrameResult parsed = DataFrameCodec.parse(frame);
        if (!(parsed instanceof DataFrameResult.Parsed p)) {
            throw new IllegalArgumentException("not a valid data frame: " + frame + " " + parsed);
        }
        ReadingEvent event = ReadingEvent.of(productKey, deviceName, UUID.randomUUID().toString(), generateTime,
                Instant.now(), frame, p.reading());
        try {
            producer().send(new ProducerRecord<>("meter.readings", deviceName, ReadingEventCodec.toJson(event))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing a reading failed", e);
        }
    }

    /** Publishes one reading per meter (as the platform path would), waiting until Kafka has them all. */
    public static void publishReadings(String productKey, List<String> deviceNames, Instant generateTime) {
        DataFrameResult.Parsed parsed = (DataFrameResult.Parsed) DataFrameCodec.parse(
                "DE02,10,17,011101010,am000,1d478f");
        for (String deviceName : deviceNames) {
            ReadingEvent event = ReadingEvent.of(productKey, deviceName, UUID.randomUUID().toString(), generateTime,
                    Instant.now(), "DE02,10,17,011101010,am000,1d478f", parsed.reading());
            producer().send(new ProducerRecord<>("meter.readings", deviceName, ReadingEventCodec.toJson(event)));
        }
        producer().flush();
    }

    /** Publishes raw bytes on {@code meter.readings} (for records the service must skip). */
    public static void publishRaw(String key, byte[] value) throws Exception {
        producer().send(new ProducerRecord<>("meter.readings", key, value)).get();
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
