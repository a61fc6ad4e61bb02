package io.meterlink.command.sender;

import static io.meterlink.command.Testbed.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.meterlink.command.Testbed;
import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.quarkus.IotPlatformResource;
import io.meterlink.testbed.quarkus.ReadingEvents;
import io.meterlink.testbed.quarkus.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database blip while a sender waits for its Pub permit (RDS fail-over during a bulk job): the worker pauses and
 * tries again, the claimed command is sent once the database answers, and nothing is reported in doubt.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final String PK = IotPlatform.DEFAULT_PRODUCT_KEY;
    private static final String DEVICE = "meter-000051";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CommandSender sender;

    private final String operator = TestTokens.operator("olga");

    @Test
    void databaseBlipDoesNotKillSenderWorkers() throws Exception {
        Testbed.readings().send(ReadingEvents.event(PK, DEVICE, "DE02,10,17,011101010,am000,1d478f", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(operator)
                .get("/api/v1/meters/" + PK + "/" + DEVICE).then().statusCode(200)
                .body("route", equalTo("PLATFORM")));
        int crashedBefore = sender.crashedWorkers();

        // Only the Pub bucket fails (callers' buckets keep working, so the API still answers); a sequence counts
        // the failed draws because nextval survives the rollback of the failing statement.
        exec("CREATE SEQUENCE IF NOT EXISTS pub_blip_draws",
                "ALTER FUNCTION take_tokens(text, integer, double precision, double precision)"
                        + " RENAME TO take_tokens_before_blip",
                """
                CREATE FUNCTION take_tokens(p_name text, p_wanted integer, p_rate double precision,
                        p_capacity double precision) RETURNS TABLE (granted integer, wait_ms integer)
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF p_name = 'pub' THEN
                        PERFORM nextval('pub_blip_draws');
                        RAISE EXCEPTION 'database blip' USING ERRCODE = '57P01';
                    END IF;
                    RETURN QUERY SELECT * FROM take_tokens_before_blip(p_name, p_wanted, p_rate, p_capacity);
                END $$""");
        long drawsBefore = blipDraws();
        String id;
        try {
            id = as(operator).body(Map.of("args", List.of("blip1")))
                    .post("/api/v1/meters/" + PK + "/" + DEVICE + "/commands")
                    .then().statusCode(202).extract().path("id");
            // Several failed draws: the worker met the outage and kept trying.
            await().atMost(Duration.ofSeconds(30)).until(() -> blipDraws() >= drawsBefore + 2);
        } finally {
            exec("DROP FUNCTION take_tokens(text, integer, double precision, double precision)",
                    "ALTER FUNCTION take_tokens_before_blip(text, integer, double precision, double precision)"
                            + " RENAME TO take_tokens");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(operator).get("/api/v1/commands/" + id)
                .then().body("state", equalTo("SENT")));
        assertEquals(crashedBefore, sender.crashedWorkers(), "sender workers died of the blip");
        as(operator).get("/q/health/live").then().statusCode(200);
    }

    private long blipDraws() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM pub_blip_draws")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void exec(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
