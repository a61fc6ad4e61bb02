package io.meterlink.ingest;

import io.meterlink.ingest.support.IngestDatabase;
import io.meterlink.ingest.support.KafkaTopics;
import io.meterlink.ingest.support.PlatformQueue;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One message PostgreSQL refuses must not stall its batch forever (released, redelivered, refused again): it is
 * dead-lettered with its reason and the rest of its batch is stored.
 */
@QuarkusTest
class PoisonMessageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final byte[] FRAME = "DE02,10,17,011101010,am000,10".getBytes(StandardCharsets.US_ASCII);
    // A meter no other test uses: RejectionTest finds its rows by device name.
    private static final String TOPIC = "/a1MeterLink/meter-000033/user/data/up";

    @Test
    void messageIdWithANulCharacterIsDeadLetteredAndTheRestOfItsBatchIsStored() {
        String run = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        List<String> good = putGood(run, now, 5);
        PlatformQueue.put(TOPIC, run + "-nul\u0000id", now, FRAME);

        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(5, IngestDatabase.count(
                "SELECT count(*) FROM ingest.reading WHERE message_id = ANY(?)", (Object) good.toArray(String[]::new))));
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(1, IngestDatabase.count(
                "SELECT count(*) FROM ingest.rejected_message WHERE message_id LIKE ? AND reason = 'invalid_property'"
                        + " AND detail LIKE '%U+0000%'", run + "-nul%")));
        await().atMost(PATIENCE).until(() -> PlatformQueue.depth() == 0);
        assertEquals(1, KafkaTopics.all("meter.readings.dlq").stream()
                .filter(r -> String.valueOf(KafkaTopics.header(r, "messageId")).startsWith(run + "-nul")).count());
    }

    @Test
    void rowPostgresRefusesForAnotherReasonIsIsolatedDeadLetteredAndTheRestStored() throws Exception {
        String run = UUID.randomUUID().toString();
        // A refusal the classifier cannot foresee: a trigger raising a data exception (SQLState class 22) for one row.
        execute("CREATE FUNCTION ingest.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF NEW.message_id LIKE '%-refused' THEN"
                        + " RAISE EXCEPTION 'refused by test' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON ingest.reading"
                        + " FOR EACH ROW EXECUTE FUNCTION ingest.refuse_poison()");
        try {
            long now = System.currentTimeMillis();
            List<String> good = putGood(run, now, 7);
            PlatformQueue.put(TOPIC, run + "-refused", now, FRAME);

            await().atMost(PATIENCE).untilAsserted(() -> assertEquals(7, IngestDatabase.count(
                    "SELECT count(*) FROM ingest.reading WHERE message_id = ANY(?)", (Object) good.toArray(String[]::new))));
            await().atMost(PATIENCE).untilAsserted(() -> assertEquals(1, IngestDatabase.count(
                    "SELECT count(*) FROM ingest.rejected_message WHERE message_id = ? AND reason = 'unstorable'"
                            + " AND detail LIKE '%22023%'", run + "-refused")));
            await().atMost(PATIENCE).until(() -> PlatformQueue.depth() == 0);
            assertEquals(1, KafkaTopics.withHeader("meter.readings.dlq", "messageId", run + "-refused").size());
        } finally {
            execute("DROP TRIGGER refuse_poison ON ingest.reading", "DROP FUNCTION ingest.refuse_poison()");
        }
    }

    private static List<String> putGood(String run, long now, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(run + "-good-" + i);
            PlatformQueue.put(TOPIC, ids.get(i), now + i, FRAME);
        }
        return ids;
    }

    private static void execute(String... statements) throws Exception {
        try (Connection c = IngestDatabase.admin(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
