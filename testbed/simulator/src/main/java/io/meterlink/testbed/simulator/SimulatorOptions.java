package io.meterlink.testbed.simulator;

import io.meterlink.domain.signing.SignMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@code meter-simulator}, parsed by hand: a dozen {@code --name value} options do not justify a
 * parsing library on the class path. Every problem is an {@link IllegalArgumentException} naming the option.
 */
final class SimulatorOptions {

    static final String USAGE = """
            Usage: java -jar testbed-simulator.jar --registry FILE --mqtt tcp://HOST:PORT [options]

            Simulates electricity meters: each publishes a v02 data frame (QoS 1) every interval and counts the
            commands it receives. Meters on the IoT Platform sign their CONNECT as Alibaba devices do and use
            /${productKey}/${deviceName}/user/data/up and .../user/cmd/down; legacy meters use the self-managed
            broker's cdb/data/post and cdb/cmd/push (clientId = deviceName) until the switch command moves them.

              --registry FILE           device registry CSV: productKey,deviceName,deviceSecret (required)
              --mqtt URI                IoT Platform device endpoint, tcp://host:port (required)
              --meters N                simulate the first N meters of the registry (default: all)
              --interval D              time between readings: 15m (default), 5s, 500ms, 1h
              --mode spread|burst       spread: each meter at its own offset in the interval (default);
                                        burst: all meters on the interval boundary (the quarter hour)
              --legacy N|NAMES          the first N meters, or a comma-separated list of device names,
                                        start on the legacy broker
              --legacy-mqtt URI         the legacy (self-managed) broker, tcp://host:port
              --switch-command ARGS     command arguments that move a legacy meter to the platform
                                        (default OTA,platform, i.e. the frame CMD,<seq>,OTA,platform)
              --alarm-rate P            probability per reading of an alarm code (default 0.005)
              --tamper-rate P           probability per reading of the cover_opened bit (default 0.001)
              --weak-signal-rate P      probability per reading of a CSQ below 10 (default 0.02)
              --duration D              stop after this long (default: run until Ctrl-C)
              --seed N                  makes readings and offsets reproducible (default 1)
              --sign-method M           hmacsha1 (default), hmacsha256 or hmacmd5
              --securemode 2|3          securemode written in the clientId (default 3, plain TCP)
              --keepalive D             MQTT keepalive, 30s-1200s (default 300s)
              --clean-session           drop commands sent while a meter is offline (default: keep them)
              --connect-attempts N      attempts before a meter that never connected gives up (default 5)
              --connect-concurrency N   CONNECTs outstanding at once (default 100)
              --progress D              time between progress lines (default 5s)
              --help                    print this text

            Exit status: 0 when stopped by --duration or Ctrl-C, 1 when no meter can connect (broker unreachable,
            every CONNECT refused or not authorized), 2 for a bad option or an unreadable registry.
            """;

    Path registry;
    String mqtt;
    String legacyMqtt;
    Integer meters;
    Duration interval = Duration.ofMinutes(15);
    PublishMode mode = PublishMode.SPREAD;
    int legacyCount;
    List<String> legacyNames = List.of();
    List<String> switchCommand = List.of("OTA", "platform");
    double alarmRate = EventRates.DEFAULT.alarm();
    double tamperRate = EventRates.DEFAULT.tamper();
    double weakSignalRate = EventRates.DEFAULT.weakSignal();
    Duration duration;
    long seed = 1;
    SignMethod signMethod = SignMethod.HMACSHA1;
    int securemode = 3;
    Duration keepAlive = Duration.ofSeconds(300);
    boolean cleanSession;
    int connectAttempts = 5;
    int connectConcurrency = 100;
    Duration progress = Duration.ofSeconds(5);
    boolean help;

    private SimulatorOptions() {
    }

    /**
     * @throws IllegalArgumentException for an unknown option, a missing or malformed value, or a missing required
     *                                  option
     */
    static SimulatorOptions parse(String... args) {
        SimulatorOptions o = new SimulatorOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> o.help = true;
                case "--clean-session" -> o.cleanSession = true;
                default -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    o.set(name, value);
                }
            }
        }
        if (o.help) {
            return o;
        }
        if (o.registry == null) {
            throw new IllegalArgumentException("--registry is required");
        }
        if (o.mqtt == null) {
            throw new IllegalArgumentException("--mqtt is required");
        }
        return o;
    }

    private void set(String name, String value) {
        try {
            switch (name) {
                case "--registry" -> registry = Path.of(value);
                case "--mqtt" -> mqtt = MqttEndpoint.parse(value).toString();
                case "--legacy-mqtt" -> legacyMqtt = MqttEndpoint.parse(value).toString();
                case "--meters" -> meters = positive(value);
                case "--interval" -> interval = DurationText.parse(value);
                case "--mode" -> mode = PublishMode.parse(value);
                case "--legacy" -> {
                    if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
                        legacyCount = Integer.parseInt(value);
                    } else {
                        legacyNames = list(value);
                    }
                }
                case "--switch-command" -> switchCommand = list(value);
                case "--alarm-rate" -> alarmRate = rate(value);
                case "--tamper-rate" -> tamperRate = rate(value);
                case "--weak-signal-rate" -> weakSignalRate = rate(value);
                case "--duration" -> duration = DurationText.parse(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--sign-method" -> signMethod = SignMethod.parse(value);
                case "--securemode" -> securemode = Integer.parseInt(value);
                case "--keepalive" -> keepAlive = DurationText.parse(value);
                case "--connect-attempts" -> connectAttempts = positive(value);
                case "--connect-concurrency" -> connectConcurrency = positive(value);
                case "--progress" -> progress = DurationText.parse(value);
                default -> throw new IllegalArgumentException("unknown option " + name + " (see --help)");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unknown option")) {
                throw e;
            }
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    /** Applies the options to a fleet builder; the registry is read here, so an unreadable one fails now. */
    MeterFleet.Builder toBuilder() {
        MeterFleet.Builder b = MeterFleet.builder()
                .registry(registry)
                .platform(mqtt)
                .interval(interval)
                .mode(mode)
                .legacy(legacyCount)
                .legacy(legacyNames)
                .switchCommand(switchCommand)
                .alarmRate(alarmRate)
                .tamperRate(tamperRate)
                .weakSignalRate(weakSignalRate)
                .seed(seed)
                .signMethod(signMethod)
                .securemode(securemode)
                .keepAlive(keepAlive)
                .cleanSession(cleanSession)
                .connectAttempts(connectAttempts)
                .connectConcurrency(connectConcurrency);
        if (legacyMqtt != null) {
            b.legacyBroker(legacyMqtt);
        }
        if (meters != null) {
            b.meters(meters);
        }
        return b;
    }

    private static int positive(String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(n + " is not at least 1");
        }
        return n;
    }

    private static double rate(String value) {
        double p = Double.parseDouble(value);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(value + " is not a probability between 0 and 1");
        }
        return p;
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(items::add);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' is an empty list");
        }
        return List.copyOf(items);
    }
}
