package io.meterlink.testbed.embedded;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts {@link FakeService} from a jar, as the testbed starts a packaged service, and stops it both ways. */
class ServiceProcessTest {

    private static final Duration READY = Duration.ofSeconds(30);

    @TempDir
    static Path work;
    private static Path jar;

    @BeforeAll
    static void packageTheFakeService() throws IOException {
        jar = work.resolve("fake-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream classFile = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }

    @Test
    void aServiceGetsItsConfigurationAndIsReadyOnItsPort() throws IOException {
        Path log = work.resolve("logs/ready.log");
        try (ServiceProcess service = ServiceProcess.builder("fake-service", jar)
                .jvmOptions("-Xmx64m", "-XX:+UseSerialGC")
                .config(Map.of("fake.greeting", "hello world"))
                .environment(Map.of("FAKE_COLOUR", "green"))
                .configAsEnvironment(Map.of("meterlink.fake.access-key-id", "LTAI-fake"))
                .workingDirectory(work)
                .log(log)
                .start()) {
            Duration took = service.awaitReady(READY);

            assertTrue(service.alive());
            assertTrue(service.pid() > 0);
            assertTrue(took.compareTo(READY) < 0, took.toString());
            assertEquals(5, service.metrics().sum("fake_requests_total"));
            assertEquals(log.toAbsolutePath(), service.log());
            String output = Files.readString(log);
            assertTrue(output.contains("property fake.greeting=hello world"), output);
            assertTrue(output.contains("env FAKE_COLOUR=green"), output);
            assertTrue(output.contains("env METERLINK_FAKE_ACCESS_KEY_ID=LTAI-fake"), output);
            assertTrue(output.contains("working directory " + work), output);
            assertTrue(output.contains("listening on " + service.httpPort()), output);
            assertTrue(service.cpuSeconds() >= 0);
            assertTrue(service.rssMiB() > 0);
        }
    }

    @Test
    void closeStopsGracefullySoTheServiceCanSettleItsWork() throws IOException {
        ServiceProcess service = ServiceProcess.builder("fake-service", jar).log(work.resolve("graceful.log")).start();
        service.awaitReady(READY);

        service.close();

        assertFalse(service.alive());
        assertTrue(service.exitCode().isPresent());
        assertTrue(Files.readString(service.log()).contains("stopped gracefully"));
        service.close(); // a second close is harmless
    }

    @Test
    void killEndsTheProcessAtOnceLikeACrash() throws IOException {
        ServiceProcess service = ServiceProcess.builder("fake-service", jar).log(work.resolve("killed.log")).start();
        service.awaitReady(READY);

        service.kill();

        assertFalse(service.alive());
        assertEquals(137, service.exitCode().orElseThrow(), "128 + SIGKILL");
        assertFalse(Files.readString(service.log()).contains("stopped gracefully"));
    }

    @Test
    void aServiceThatExitsAtStartIsReportedWithTheEndOfItsLog() {
        try (ServiceProcess service = ServiceProcess.builder("fake-service", jar)
                .config("fake.exit", "3").log(work.resolve("failing.log")).start()) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> service.awaitReady(READY));

            assertTrue(failure.getMessage().contains("fake-service exited with code 3"), failure.getMessage());
            assertTrue(failure.getMessage().contains("fake.required is required"), failure.getMessage());
        }
    }

    @Test
    void aServiceThatIsNotPackagedIsRefusedNamingTheJar() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> ServiceProcess.packaged(work, MeterLinkService.ALERT).start());

        assertTrue(failure.getMessage().contains(work.resolve("alert-service/target/quarkus-app/quarkus-run.jar")
                .toString()), failure.getMessage());
    }

    @Test
    void configurationKeysBecomeTheEnvironmentVariablesMicroProfileReads() {
        assertEquals("METERLINK_INGEST_AMQP_ACCESS_KEY_SECRET",
                ServiceProcess.environmentName("meterlink.ingest.amqp.access-key-secret"));
        assertEquals("MP_MESSAGING_INCOMING_DATA_UP_ADDRESS",
                ServiceProcess.environmentName("mp.messaging.incoming.data-up.address"));
        assertEquals("QUARKUS_DATASOURCE_JDBC_URL", ServiceProcess.environmentName("quarkus.datasource.jdbc.url"));
    }
}
