package io.meterlink.alert.support;

import io.meterlink.alert.repository.Alert;
import io.meterlink.alert.repository.AlertStatus;
import io.meterlink.alert.repository.SmsMessage;
import io.meterlink.alert.repository.SmsStatus;
import io.meterlink.testbed.cloudapi.CloudApiServer;
import io.meterlink.testbed.cloudapi.SentSms;
import io.meterlink.testbed.quarkus.IotPlatformResource;
import io.meterlink.testbed.quarkus.ReadingEvents;
import io.meterlink.testbed.quarkus.ServiceTestbed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * What the alert-service {@code @QuarkusTest}s share: the testbed (declared here once, for the whole module, so
 * Quarkus boots once: PostgreSQL with database {@code alert}, Kafka, the IoT Platform stand-in's SMS endpoint, the
 * per-run JWT keys, wired by {@link ServiceTestbed}), a Kafka producer for readings, database views, the SMS stand-in's log, and waits for the
 * asynchronous outcomes.
 */
@QuarkusTestResource(value = ServiceTestbed.class, initArgs = @ResourceArg(name = "service", value = "alert"))
public abstract class AlertServiceTestBase {

    protected static final Duration WAIT = Duration.ofSeconds(30);

    private static ReadingEvents readings;

    @Inject
    protected AlertQueries db;

    @ConfigProperty(name = "meterlink.alert.notify.storm.window")
    protected Duration stormWindow;

    @ConfigProperty(name = "meterlink.alert.notify.storm.threshold", defaultValue = "20")
    protected int stormThreshold;

    /** The producer of {@code meter.readings} events, opened on first use against the test's Kafka. */
    protected static synchronized ReadingEvents readings() {
        if (readings == null) {
            readings = new ReadingEvents(
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return readings;
    }

    @AfterAll
    static synchronized void closeReadings() {
        if (readings != null) {
            readings.close();
            readings = null;
        }
    }

    /** A device name no other test uses. */
    protected static String newMeter(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static CloudApiServer cloudApi() {
        return IotPlatformResource.platform().cloudApi();
    }

    /** SMS the stand-in accepted whose template variables name this meter. */
    protected static List<SentSms> acceptedSmsAbout(String deviceName) {
        String marker = "\"meter\":\"" + deviceName + "\"";
        return cloudApi().smsLog().stream().filter(s -> s.templateParam().contains(marker)).toList();
    }

    protected static List<SentSms> acceptedSmsWithOutId(String outId) {
        return cloudApi().smsLog().stream().filter(s -> outId.equals(s.outId())).toList();
    }

    /** Waits for the alert of a meter and rule to reach {@code status}. */
    protected Alert awaitAlert(String productKey, String deviceName, String rule, AlertStatus status) {
        AtomicReference<Alert> found = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            Optional<Alert> a = db.alertsOf(productKey, deviceName).stream()
                    .filter(x -> x.rule.equals(rule) && x.status == status).findFirst();
            a.ifPresent(found::set);
            return a.isPresent();
        });
        return found.get();
    }

    /** Waits until every SMS of the alert has left the QUEUED state, and returns them. */
    protected List<SmsMessage> awaitSmsSettled(long alertId) {
        AtomicReference<List<SmsMessage>> found = new AtomicReference<>();
        await().atMost(WAIT).until(() -> {
            List<SmsMessage> sms = db.smsOfAlert(alertId);
            found.set(sms);
            return !sms.isEmpty() && sms.stream().noneMatch(s -> s.status == SmsStatus.QUEUED);
        });
        return found.get();
    }

    /**
     * Waits until no storm is under way and the outbox is empty, so the next test's alerts are texted one by one
     * and fault injection hits only the next test's SMS.
     */
    protected void awaitCalm() {
        await().atMost(WAIT).until(() -> db.openedSince(Instant.now().minus(stormWindow)) <= stormThreshold / 2
                && db.queuedSms() == 0);
    }
}
