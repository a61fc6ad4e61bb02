package io.meterlink.testbed.platform;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the IoT Platform stand-in as its own process for the local run and demos: generates the device registry when
 * the file is missing, starts everything on fixed ports (Alibaba's usual ones where free to choose), prints endpoints,
 * credentials and the {@code testbed.platform.*} properties services need, and runs until Ctrl+C.
 * {@code --help} lists the options.
 */
public final class IotPlatformMain {

    static final String USAGE = """
            Usage: IotPlatformMain [options]
              --registry FILE          device registry CSV (default meterlink-registry.csv); generated when missing
              --devices N              devices to generate when the registry is missing (default 100)
              --product-key PK         product of generated devices (default a1MeterLink)
              --seed N                 secret seed of generated devices (default 20260101)
              --write-registry-only    write the registry (if missing) and exit
              --mqtt-port N            device endpoint, Alibaba auth (default 1883; 0 = any free port)
              --legacy-mqtt-port N     legacy self-managed cluster, no auth (default 2883; 0 = any free port)
              --no-legacy              do not start the legacy cluster
              --amqp-port N            AMQP server-side subscription (default 5672; 0 = any free port)
              --openapi-port N         OpenAPI: IoT Pub, SMS SendSms (default 8090; 0 = any free port)
              --consumer-group SPEC    id[:data|status|data+status], repeatable (default ingest = data+status)
              --access-key-id ID       AccessKey the AMQP endpoint and OpenAPI accept
              --access-key-secret S
              --instance-id ID         iotInstanceId (default iot-testbed)
              --region-id ID           regionId (default cn-shanghai)
              --amqp-window-minutes N  how old an aksign timestamp may be (default 15)
              --pub-qps N              Pub calls per second before Throttling.User (default unlimited)
              --sms-qps N              SendSms calls per second before Throttling.User (default unlimited)
              --data-dir DIR           keep the broker journal here (default: temporary, deleted on exit)
            """;

    private IotPlatformMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("java.util.logging.manager") == null) {
            // Before anything touches java.util.logging: Artemis logs through slf4j -> JBoss LogManager.
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        quietLogging();
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        IotPlatform platform = run(options, System.out);
        if (platform == null) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "stop-iot-platform"));
        stopped.await();
    }

    /**
     * Prepares the registry and starts the stand-in, printing what to connect to; {@code null} when only the
     * registry was asked for.
     */
    static IotPlatform run(Options options, PrintStream out) {
        DeviceRegistry registry;
        if (Files.exists(options.registry)) {
            registry = DeviceRegistry.load(options.registry);
            out.println("Loaded " + registry.size() + " devices from " + options.registry.toAbsolutePath());
        } else {
            registry = DeviceRegistry.generate(options.devices, options.productKey, options.seed);
            registry.write(options.registry);
            out.println("Generated " + registry.size() + " devices of " + options.productKey + " into "
                    + options.registry.toAbsolutePath());
        }
        if (options.writeRegistryOnly) {
            return null;
        }
        IotPlatform.Builder builder = IotPlatform.builder()
                .registry(registry)
                .mqttPort(options.mqttPort)
                .legacyMqttPort(options.legacyMqttPort)
                .legacyBroker(options.legacy)
                .amqpPort(options.amqpPort)
                .openApiPort(options.openApiPort)
                .instanceId(options.instanceId)
                .regionId(options.regionId)
                .amqpTimestampWindow(Duration.ofMinutes(options.amqpWindowMinutes))
                .dataDirectory(options.dataDirectory);
        if (options.accessKeyId != null) {
            builder.accessKey(options.accessKeyId, options.accessKeySecret);
        }
        options.groups.forEach(builder::consumerGroup);
        if (options.pubQps > 0 || options.smsQps > 0) {
            builder.openApi(api -> {
                if (options.pubQps > 0) {
                    api.qps("Pub", options.pubQps);
                }
                if (options.smsQps > 0) {
                    api.qps("SendSms", options.smsQps);
                }
            });
        }
        IotPlatform platform = builder.start();
        print(platform, options.registry, out);
        return platform;
    }

    private static void print(IotPlatform platform, Path registryFile, PrintStream out) {
        out.println();
        out.println("MeterLink IoT Platform stand-in is running");
        out.println("  device MQTT (Alibaba auth)  " + platform.mqttUri() + "   products "
                + platform.registry().productKeys() + ", " + platform.registry().size() + " devices");
        if (platform.legacyMqttUri() != null) {
            out.println("  legacy cluster MQTT         " + platform.legacyMqttUri()
                    + "   cdb/data/post, cdb/cmd/push (clientId = deviceName)");
        }
        out.println("  AMQP subscription           " + platform.amqpUri() + "   SASL PLAIN, aksign");
        for (ConsumerGroup group : platform.consumerGroups()) {
            out.println("    consumer group " + group.id() + " (" + (group.data() ? "data" : "")
                    + (group.data() && group.status() ? "+" : "") + (group.status() ? "status" : "")
                    + "): source address " + platform.amqpAddress(group.id()));
        }
        out.println("  OpenAPI (Pub, SendSms)      " + platform.openApiEndpoint() + "   SMS log: http://"
                + platform.openApiEndpoint() + "/sms, Pub log: http://" + platform.openApiEndpoint() + "/pub");
        out.println("  AccessKey                   " + platform.accessKeyId() + " / " + platform.accessKeySecret()
                + "   (testbed credentials)");
        out.println("  regionId " + platform.regionId() + ", iotInstanceId " + platform.instanceId()
                + ", aksign window " + platform.amqpTimestampWindow().toMinutes() + " min");
        out.println();
        out.println("Properties for services (testbed.platform.*):");
        String group = platform.consumerGroups().get(0).id();
        for (Map.Entry<String, String> entry : TestbedProperties.of(platform, registryFile, group).entrySet()) {
            out.println("  " + entry.getKey() + "=" + entry.getValue());
        }
        out.println();
        out.println("Ctrl+C stops it.");
    }

    /** Artemis announces every start-up step at INFO; the console should show warnings and our own messages. */
    private static void quietLogging() {
        Logger root = Logger.getLogger("");
        if (root.getHandlers().length == 0) {
            ConsoleHandler console = new ConsoleHandler();
            console.setLevel(Level.ALL);
            root.addHandler(console);
        }
        Logger.getLogger("org.apache.activemq").setLevel(Level.WARNING);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
    }

    /** Parsed command line. */
    static final class Options {
        Path registry = Path.of("meterlink-registry.csv");
        int devices = 100;
        String productKey = IotPlatform.DEFAULT_PRODUCT_KEY;
        long seed = IotPlatform.DEFAULT_REGISTRY_SEED;
        boolean writeRegistryOnly;
        int mqttPort = 1883;
        int legacyMqttPort = 2883;
        boolean legacy = true;
        int amqpPort = 5672;
        int openApiPort = 8090;
        final List<ConsumerGroup> groups = new ArrayList<>();
        String accessKeyId;
        String accessKeySecret;
        String instanceId = IotPlatform.DEFAULT_INSTANCE_ID;
        String regionId = IotPlatform.DEFAULT_REGION_ID;
        long amqpWindowMinutes = 15;
        int pubQps;
        int smsQps;
        Path dataDirectory;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--help", "-h" -> o.help = true;
                    case "--write-registry-only" -> o.writeRegistryOnly = true;
                    case "--no-legacy" -> o.legacy = false;
                    default -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(option + " needs a value");
                        }
                        String value = args[++i];
                        o.set(option, value);
                    }
                }
            }
            if ((o.accessKeyId == null) != (o.accessKeySecret == null)) {
                throw new IllegalArgumentException("--access-key-id and --access-key-secret go together");
            }
            return o;
        }

        private void set(String option, String value) {
            switch (option) {
                case "--registry" -> registry = Path.of(value);
                case "--devices" -> devices = number(option, value, 1, 999_999);
                case "--product-key" -> productKey = value;
                case "--seed" -> seed = longNumber(option, value);
                case "--mqtt-port" -> mqttPort = number(option, value, 0, 65_535);
                case "--legacy-mqtt-port" -> legacyMqttPort = number(option, value, 0, 65_535);
                case "--amqp-port" -> amqpPort = number(option, value, 0, 65_535);
                case "--openapi-port" -> openApiPort = number(option, value, 0, 65_535);
                case "--consumer-group" -> groups.add(ConsumerGroup.parse(value));
                case "--access-key-id" -> accessKeyId = value;
                case "--access-key-secret" -> accessKeySecret = value;
                case "--instance-id" -> instanceId = value;
                case "--region-id" -> regionId = value;
                case "--amqp-window-minutes" -> amqpWindowMinutes = number(option, value, 1, 7 * 24 * 60);
                case "--pub-qps" -> pubQps = number(option, value, 1, 1_000_000);
                case "--sms-qps" -> smsQps = number(option, value, 1, 1_000_000);
                case "--data-dir" -> dataDirectory = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }

        private static int number(String option, String value, int min, int max) {
            long parsed = longNumber(option, value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(option + " " + value + " is outside " + min + ".." + max);
            }
            return (int) parsed;
        }

        private static long longNumber(String option, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " '" + value + "' is not a number");
            }
        }
    }
}
