package io.meterlink.testbed.localrun;

import java.nio.file.Path;
import java.time.Duration;

/** Command-line options of the local run, with defaults that make a lively but light demo on a laptop. */
record LocalRunOptions(boolean help, Path repository, Path runDirectory, int meters, int legacy, Duration interval,
        double alarmRate, int basePort, Duration statusEvery) {

    static final String USAGE = """
            usage: run-local.sh [options]
              --meters N        simulated meters (default 1000)
              --legacy N        of which still on the legacy MQTT cluster (default 10)
              --interval D      reporting interval per meter, e.g. 5s, 1m, 15m (default 5s)
              --alarm-rate R    share of readings that carry an alarm, 0..1 (default 0.001)
              --base-port P     embedded servers listen on P+432 (PostgreSQL), P+92 (Kafka), P+883 (device MQTT),
                                P+884 (legacy MQTT), P+672 (AMQP) (default 15000); services on 8081-8083
              --run-dir DIR     keys, device registry and logs (default ./local-run); a device registry
                                there that holds another fleet than --meters asks for is regenerated
              --status-every D  how often to print the status line (default 5s)
            """;

    static LocalRunOptions parse(String[] args) {
        boolean help = false;
        Path repository = Path.of(".");
        Path runDirectory = Path.of("local-run");
        int meters = 1000;
        int legacy = 10;
        Duration interval = Duration.ofSeconds(5);
        double alarmRate = 0.001;
        int basePort = 15000;
        Duration statusEvery = Duration.ofSeconds(5);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "--meters" -> meters = Integer.parseInt(value(args, ++i, arg));
                case "--legacy" -> legacy = Integer.parseInt(value(args, ++i, arg));
                case "--interval" -> interval = duration(value(args, ++i, arg));
                case "--alarm-rate" -> alarmRate = Double.parseDouble(value(args, ++i, arg));
                case "--base-port" -> basePort = Integer.parseInt(value(args, ++i, arg));
                case "--run-dir" -> runDirectory = Path.of(value(args, ++i, arg));
                case "--repository" -> repository = Path.of(value(args, ++i, arg));
                case "--status-every" -> statusEvery = duration(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (meters < 1 || legacy < 0 || legacy > meters) {
            throw new IllegalArgumentException("--meters must be >= 1 and --legacy between 0 and --meters");
        }
        return new LocalRunOptions(help, repository, runDirectory, meters, legacy, interval, alarmRate, basePort,
                statusEvery);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("not a duration: " + text + " (use 500ms, 5s, 2m, 1h)");
        };
    }
}
