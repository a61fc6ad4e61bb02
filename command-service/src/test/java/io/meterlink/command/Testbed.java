package io.meterlink.command;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.meterlink.testbed.quarkus.ReadingEvents;
import io.meterlink.testbed.quarkus.ServiceTestbed;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The testbed every {@code @QuarkusTest} of this module runs against, declared once here for all of them (the
 * annotation is global, so one Quarkus boot serves every test class) and wired by {@link ServiceTestbed}: a database
 * of its own on the embedded PostgreSQL, the embedded Kafka, the IoT Platform stand-in with 1,100 devices (the bulk tests address meters
 * 101..1100) and its legacy broker, and the run's JWT keys. Plus what the tests do to the running service and its
 * surroundings: authenticated calls, meters, readings on {@code meter.readings}, watching the database for lock waits.
 */
@QuarkusTestResource(value = ServiceTestbed.class, initArgs = {
        @ResourceArg(name = "service", value = "command"),
        @ResourceArg(name = "devices", value = "1100")})
public final class Testbed {

    private static ReadingEvents readings;

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
        as(TestTokens.admin("registrar")).body(Map.of("meters", meters))
                .post("/api/v1/meters").then().statusCode(200);
    }

    /** The producer of {@code meter.readings} events (as ingest publishes them) on the test's Kafka. */
    public static synchronized ReadingEvents readings() {
        if (readings == null) {
            readings = new ReadingEvents(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return readings;
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
}
