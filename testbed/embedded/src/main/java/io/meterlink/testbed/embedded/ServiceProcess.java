package io.meterlink.testbed.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One MeterLink service running as a process of its own from its packaged jar
 * ({@code target/quarkus-app/quarkus-run.jar}), as production runs it: its own JVM options, its configuration as
 * system properties and/or environment variables, its output in a log file. The local run, the cross-service tests
 * and the benchmarks start services with it, so that they cross real process boundaries and measure the service's
 * own memory and CPU.
 *
 * <p>A started service never outlives the JVM that started it: unless closed before, it is stopped (as by
 * {@link #close()}) when that JVM exits.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Linux reports CPU time in clock ticks, 100 a second on every kernel we run on. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;
    /** What a failure message quotes from the end of the log: enough for a stack trace's cause. */
    private static final int LOG_TAIL_BYTES = 4096;

    private final String name;
    private final int httpPort;
    private final Path log;
    private final Process process;
    private final Duration stopGrace;
    private final long startedNanos;
    private final Thread stopOnExit;

    private ServiceProcess(String name, int httpPort, Path log, Process process, Duration stopGrace) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
        this.stopGrace = stopGrace;
        this.startedNanos = System.nanoTime();
        this.stopOnExit = new Thread(this::close, "stop-" + name);
        try {
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // Started while this JVM exits: nothing would stop it later.
            process.destroyForcibly();
            throw new IllegalStateException("not starting " + name + ": this JVM is exiting", e);
        }
    }

    /**
     * A service built in {@code repository}: its jar is {@code <repository>/<name>/target/quarkus-app/quarkus-run.jar}
     * and it runs in its own folder, as {@code java -jar} from there would.
     */
    public static Builder packaged(Path repository, MeterLinkService service) {
        return new Builder(service.folder(), service.packagedJar(repository))
                .workingDirectory(repository.resolve(service.folder()));
    }

    /** A service named {@code name} (for messages and the default log file) started from {@code jar}. */
    public static Builder builder(String name, Path jar) {
        return new Builder(name, jar);
    }

    /**
     * The environment variable MicroProfile Config reads for {@code property}: every character that is not a letter
     * or digit becomes {@code _}, then upper case ({@code meterlink.ingest.amqp.host} →
     * {@code METERLINK_INGEST_AMQP_HOST}).
     */
    public static String environmentName(String property) {
        StringBuilder name = new StringBuilder(property.length());
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            name.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The file the service's standard output and error go to. */
    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Waits until {@code /q/health/ready} answers 200 and returns how long the service took from its start; fails
     * early, quoting the end of its log, if the process ends first.
     *
     * @throws IllegalStateException when the process ended or is not ready within {@code timeout}
     */
    public Duration awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before it was "
                        + "ready; see " + log + logTail());
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log + logTail());
    }

    /** The service's {@code /q/metrics}; a service that does not answer gives an empty scrape. */
    public PrometheusScrape metrics() {
        return PrometheusScrape.of(baseUrl());
    }

    /** Resident set size in MiB from {@code /proc} (Linux), -1 elsewhere or once the process has ended. */
    public double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * CPU time the process has used so far (user + system, all threads) from {@code /proc} (Linux), -1 elsewhere: a
     * per-message cost that a busy shared machine does not distort the way wall time does.
     */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // After "pid (comm) " the fields start at state (field 3); utime and stime are fields 14 and 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Stops gracefully: SIGTERM lets Quarkus settle in-flight work (batches, outbox rows), then SIGKILL if it has not
     * ended within the grace period. Safe to call more than once and from several threads.
     */
    @Override
    public void close() {
        forgetStopOnExit();
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills the process at once (SIGKILL, {@code kill -9}), as a crash or an OOM kill would, and waits for its end. */
    public void kill() {
        forgetStopOnExit();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forgetStopOnExit() {
        if (Thread.currentThread() == stopOnExit) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already exiting; the hook runs (or ran) close(), which is idempotent.
        }
    }

    /** The last lines of the log, for failure messages (secrets are never logged by the services). */
    private String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length == 0) {
                return " (the log is empty)";
            }
            int size = (int) Math.min(length, LOG_TAIL_BYTES);
            byte[] tail = new byte[size];
            file.seek(length - size);
            file.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8);
            int firstLine = size < length ? text.indexOf('\n') + 1 : 0;
            return "; it ends with:\n" + text.substring(firstLine);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", " + baseUrl() + ")";
    }

    /** How to start the service; only the name and the jar are required. */
    public static final class Builder {
        private final String name;
        private final Path jar;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private int httpPort;
        private Path log;
        private Path workingDirectory;
        private Duration stopGrace = Duration.ofSeconds(30);

        private Builder(String name, Path jar) {
            this.name = Objects.requireNonNull(name, "name");
            this.jar = Objects.requireNonNull(jar, "jar");
        }

        /** Options for the service's JVM, e.g. {@code -Xmx512m}, {@code -XX:+UseSerialGC}; none by default. */
        public Builder jvmOptions(String... options) {
            return jvmOptions(List.of(options));
        }

        public Builder jvmOptions(List<String> options) {
            options.stream().filter(o -> !o.isBlank()).forEach(jvmOptions::add);
            return this;
        }

        /**
         * Configuration as system properties ({@code -Dkey=value}): above environment variables and
         * {@code application.properties}, and able to set any key (map entries of {@code @ConfigMapping}s included).
         * Repeated calls add; a later value for the same key wins.
         */
        public Builder config(Map<String, String> properties) {
            systemProperties.putAll(properties);
            return this;
        }

        /** One configuration property; see {@link #config(Map)}. */
        public Builder config(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        /** Environment variables of the service, as given (e.g. {@code QUARKUS_DATASOURCE_JDBC_URL}). */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /**
         * Configuration as environment variables, the way Kubernetes passes it: each key renamed by
         * {@link ServiceProcess#environmentName(String)}. The service reads them for the keys it looks up by name;
         * keys of {@code @ConfigMapping} maps need {@link #config(Map)}.
         */
        public Builder configAsEnvironment(Map<String, String> properties) {
            properties.forEach((key, value) -> environment.put(environmentName(key), value));
            return this;
        }

        /** The HTTP port ({@code quarkus.http.port}); 0 (the default) picks a free one. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Where output goes (overwritten); default {@code <name>.log} in the working directory. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** The process's working directory; default this JVM's. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** How long {@link ServiceProcess#close()} waits after SIGTERM before it kills; default 30 s. */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /**
         * Starts the process; does not wait for it to be ready ({@link ServiceProcess#awaitReady(Duration)}).
         *
         * @throws IllegalStateException when the jar is missing (the service is not packaged)
         */
        public ServiceProcess start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(name + " is not packaged: " + jar.toAbsolutePath()
                        + " is missing (./mvnw -DskipTests install builds it)");
            }
            int port = httpPort == 0 ? FreePorts.next() : httpPort;
            Path directory = workingDirectory == null ? Path.of("").toAbsolutePath() : workingDirectory;
            Path logFile = (log == null ? directory.resolve(name + ".log") : log).toAbsolutePath();

            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            // Sorted so that the command line reads the same every run; the port last so that it wins.
            new TreeMap<>(systemProperties).forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-Dquarkus.http.port=" + port);
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
            try {
                Files.createDirectories(logFile.getParent());
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
                builder.environment().putAll(environment);
                return new ServiceProcess(name, port, logFile, builder.start(), stopGrace);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + " from " + jar, e);
            }
        }
    }
}
