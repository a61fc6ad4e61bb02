package io.meterlink.testbed.localrun;

import io.meterlink.testbed.platform.IotPlatform;
import io.meterlink.testbed.simulator.MeterFleet;
import io.meterlink.testbed.simulator.PublishMode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local.sh}: the whole system on this machine with a simulated fleet, a live status line, and a
 * copy-paste example. Ctrl-C (or SIGTERM) stops the fleet, the three service processes and the embedded servers, in
 * that order, leaving nothing running.
 */
public final class LocalRunMain {

    private LocalRunMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalRunOptions options = LocalRunOptions.parse(args);
        if (options.help()) {
            System.out.println(LocalRunOptions.USAGE);
            return;
        }
        Path repository = options.repository().toAbsolutePath().normalize();
        Path runDirectory = options.runDirectory().toAbsolutePath().normalize();
        RequestedFleet requested = new RequestedFleet(options.meters(), options.legacy(),
                IotPlatform.DEFAULT_PRODUCT_KEY);
        MeterLinkSystem.Settings settings = new MeterLinkSystem.Settings(repository, runDirectory,
                options.basePort() + 432, options.basePort() + 92, options.basePort() + 883,
                options.basePort() + 884, options.basePort() + 672, 8081, 8082, 8083, requested);

        CountDownLatch stopped = new CountDownLatch(1);
        MeterLinkSystem[] system = new MeterLinkSystem[1];
        MeterFleet[] fleet = new MeterFleet[1];
        Thread shutdown = new Thread(() -> {
            System.out.println("\nstopping: meter fleet, services, IoT Platform stand-in, Kafka, PostgreSQL ...");
            if (fleet[0] != null) {
                fleet[0].close();
            }
            if (system[0] != null) {
                system[0].close();
            }
            System.out.println("stopped.");
            stopped.countDown();
        }, "meterlink-stop");
        Runtime.getRuntime().addShutdownHook(shutdown);

        long startedAt = System.nanoTime();
        system[0] = MeterLinkSystem.start(settings, line -> System.out.println("  .. " + line));
        MeterLinkSystem sys = system[0];
        IotPlatform platform = sys.platform();

        MeterFleet built = MeterFleet.builder()
                .registry(sys.registryFile())
                .meters(options.meters())
                .platform(platform.mqttUri())
                .legacyBroker(platform.legacyMqttUri())
                .legacy(options.legacy())
                .interval(options.interval())
                .mode(PublishMode.SPREAD)
                .alarmRate(options.alarmRate())
                .build();
        // What follows is printed from the fleet itself; a fleet other than the one asked for is a defect, not a demo.
        if (built.identities().size() != options.meters()) {
            throw new IllegalStateException(sys.registryFile() + " gives " + built.identities().size()
                    + " meters, " + options.meters() + " were asked for");
        }
        fleet[0] = built;
        System.out.println("  .. starting " + built.identities().size() + " simulated meters (" + options.legacy()
                + " still on the legacy cluster), one reading every " + options.interval().toSeconds() + " s each");
        built.start();

        printEndpoints(sys, built, options, Duration.ofNanos(System.nanoTime() - startedAt));
        StatusLine status = new StatusLine(sys, fleet[0]);
        while (stopped.getCount() > 0) {
            System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + status.next());
            if (stopped.await(options.statusEvery().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                break;
            }
        }
    }

    private static void printEndpoints(MeterLinkSystem sys, MeterFleet fleet, LocalRunOptions options,
            Duration took) {
        IotPlatform platform = sys.platform();
        // Every library the local run uses, the dev token issuer among them (JDK only, so it starts in a blink).
        String classPath = "'testbed/local-run/target/lib/*'";
        System.out.printf("""

                MeterLink is running (started in %d s). Ctrl-C stops everything.

                  ingest-service   %s   /q/swagger-ui  /q/health  /q/metrics  (API /api/v1/readings)
                  command-service  %s   /q/swagger-ui  /q/health  /q/metrics  (API /api/v1/meters, commands, command-jobs, migration)
                  alert-service    %s   /q/swagger-ui  /q/health  /q/metrics  (API /api/v1/alerts, sms, oncall)
                  PostgreSQL       %s:%d  user %s  databases ingest, command, alert
                  Kafka            %s  topics %s
                  IoT Platform     device MQTT %s  AMQP %s (consumer group "%s")
                                   OpenAPI http://%s  (Pub, SendSms; sent SMS: http://%s/sms)
                  legacy cluster   MQTT %s  (cdb/data/post, cdb/cmd/push)
                  meters           %d simulated of the %d in %s (%d on the legacy cluster); service logs in %s

                Send a command as an operator (copy and paste):

                  TOKEN=$(java -cp %s io.meterlink.testbed.embedded.DevTokens %s alice operator)
                  curl -i -X POST http://127.0.0.1:%d/api/v1/meters/%s/meter-000001/commands \\
                       -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                       -H "Idempotency-Key: $(date +%%s)" -d '{"args":["ad322"]}'

                Read a platform meter's latest reading and the open alerts with the same token:

                  curl -s http://127.0.0.1:%d/api/v1/readings/%s/%s/latest -H "Authorization: Bearer $TOKEN"
                  curl -s 'http://127.0.0.1:%d/api/v1/alerts?status=OPEN&size=5' -H "Authorization: Bearer $TOKEN"

                """,
                took.toSeconds(),
                sys.ingest().baseUrl(), sys.command().baseUrl(), sys.alert().baseUrl(),
                sys.postgres().host(), sys.postgres().port(), sys.postgres().user(),
                sys.kafka().bootstrapServers(), String.join(", ", MeterLinkSystem.TOPICS.keySet()),
                platform.mqttUri(), platform.amqpUri(), IotPlatform.DEFAULT_CONSUMER_GROUP,
                platform.openApiEndpoint(), platform.openApiEndpoint(),
                platform.legacyMqttUri(),
                fleet.identities().size(), sys.registry().size(), sys.registryFile(), options.legacy(),
                sys.ingest().log().getParent(),
                classPath, sys.tokens().publicKeyPem().getParent(), sys.command().httpPort(), IotPlatform.DEFAULT_PRODUCT_KEY,
                sys.ingest().httpPort(), IotPlatform.DEFAULT_PRODUCT_KEY,
                fleet.identities().get(fleet.identities().size() - 1).deviceName(), sys.alert().httpPort());
    }
}
