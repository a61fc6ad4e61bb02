package io.meterlink.alert;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.repository.NotificationState;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.alert.support.AlertServiceTestBase;
import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.MeterReading;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.meterlink.testbed.quarkus.ReadingEvents.alarm;
import static io.meterlink.testbed.quarkus.ReadingEvents.event;
import static io.meterlink.testbed.quarkus.ReadingEvents.normal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer group that has no committed offset (a first deployment, offsets expired after a long stop, a partition
 * added to {@code meter.readings}) must not skip the readings already on the topic: a skipped reading is a missed
 * alarm. Starting from the earliest retained offset replays what is there; the replay must neither duplicate what was
 * applied nor text anyone about old readings.
 */
@QuarkusTest
class NewConsumerGroupTest extends AlertServiceTestBase {

    private static final String PRODUCT = "pk-replay";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void readingsPublishedBeforeTheGroupExistedAreStillEvaluated() throws Exception {
        String meter = newMeter("before-group");
        readings().send(PRODUCT, meter, alarm(24, 100));

        // A group the broker has never seen, configured exactly as production configures the readings channel.
        try (KafkaConsumer<String, byte[]> group = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "alert-service-new-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                production().getValue("mp.messaging.incoming.readings.auto.offset.reset", String.class)),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            group.subscribe(List.of("meter.readings"));
            AtomicBoolean seen = new AtomicBoolean();
            await().atMost(WAIT).until(() -> {
                group.poll(Duration.ofMillis(200)).forEach(r -> seen.compareAndSet(false, meter.equals(r.key())));
                return seen.get();
            });
        }
        // And the service's own group evaluated it.
        awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);
    }

    @Test
    void aWeekOldAlarmReplayedFromEarliestIsRecordedButTextsNobody() {
        awaitCalm();
        String meter = newMeter("week-old");
        Instant weekAgo = Instant.now().minus(Duration.ofDays(7));
        readings().send(old(meter, alarm(24, 100), weekAgo));
        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);

        // The next report of the same backlog: once it confirmed the alert, both readings were applied.
        readings().send(old(meter, alarm(24, 101), weekAgo.plusSeconds(900)));
        await().atMost(WAIT).until(() -> db.alertsOf(PRODUCT, meter).get(0).firingCount >= 2);
        assertTrue(db.smsOfAlert(alert.id).isEmpty(), "no SMS queued about a week-old alarm");
        assertTrue(acceptedSmsAbout(meter).isEmpty(), "no SMS sent about a week-old alarm");
        assertEquals(NotificationState.BACKLOG, db.alertsOf(PRODUCT, meter).get(0).notification);
    }

    @Test
    void aBacklogAlarmStillShownByARecentReadingIsTexted() {
        awaitCalm();
        String meter = newMeter("still-alarming");
        readings().send(old(meter, alarm(24, 100), Instant.now().minus(Duration.ofDays(2))));
        Alert alert = awaitAlert(PRODUCT, meter, "alarm_code", AlertStatus.OPEN);

        readings().send(event(PRODUCT, meter, alarm(24, 101)));
        List<SmsMessage> sms = awaitSmsSettled(alert.id);
        assertEquals(1, sms.size(), "one SMS, to the product's one (default) recipient");
        assertEquals(SmsStatus.SENT, sms.get(0).status);
        Alert texted = db.alertsOf(PRODUCT, meter).get(0);
        assertEquals(NotificationState.INDIVIDUAL, texted.notification);
        assertEquals(1, texted.notifyCount);
    }

    @Test
    void aReplayedReadingOlderThanItsMetersNewestChangesNothing() {
        awaitCalm();
        String meter = newMeter("replayed");
        Instant now = Instant.now();
        readings().send(old(meter, normal(500), now.minusSeconds(60)));
        // Replayed from earliest after its id was forgotten (older than the de-duplication retention): a new
        // delivery key, but older than the reading the meter's state already holds.
        readings().send(old(meter, alarm(24, 400), now.minus(Duration.ofDays(4))));
        readings().send(old(meter, normal(501), now));
        await().atMost(WAIT).until(() -> Long.valueOf(501).equals(db.lastEnergy(PRODUCT, meter)));
        assertEquals(List.of(), db.alertsOf(PRODUCT, meter), "the replayed alarm opened nothing");
    }

    /** An event ingest published at {@code at} (received and generated then), with its own message id. */
    private static ReadingEvent old(String meter, MeterReading reading, Instant at) {
        return ReadingEvent.of(PRODUCT, meter, UUID.randomUUID().toString(), at, at, DataFrameCodec.format(reading),
                reading);
    }

    /** application.properties as production reads it. */
    private static SmallRyeConfig production() throws Exception {
        return new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(
                        NewConsumerGroupTest.class.getClassLoader().getResource("application.properties"), 250))
                .build();
    }
}
