package io.meterlink.ingest.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In production the AMQP endpoint, consumer group and AccessKey have no default: the service's own
 * {@code application.properties}, read as production reads it, refuses to configure without them and names both
 * the property and the environment variable to set; with them, every other setting falls back to its default.
 */
class RequiredSettingsTest {

    private static final List<String> REQUIRED = List.of("host", "consumer-group-id", "access-key-id",
            "access-key-secret");

    @Test
    void missingSecretsStopTheStartNamingPropertyAndVariable() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> production(Map.of()));
        for (String name : REQUIRED) {
            String property = "meterlink.ingest.amqp." + name;
            String variable = "METERLINK_INGEST_AMQP_" + name.replace('-', '_').toUpperCase();
            assertTrue(e.getMessage().contains(property), e.getMessage());
            assertTrue(e.getMessage().contains(variable), e.getMessage());
        }
    }

    @Test
    void withTheSecretsEverythingElseHasADefault() {
        IngestConfig config = production(Map.of(
                "meterlink.ingest.amqp.host", "iot-06z00meterlink.amqp.iothub.aliyuncs.com",
                "meterlink.ingest.amqp.consumer-group-id", "MeterLinkIngest",
                "meterlink.ingest.amqp.access-key-id", "id",
                "meterlink.ingest.amqp.access-key-secret", "secret"));
        assertEquals(5671, config.amqp().port());
        assertEquals("default", config.amqp().address());
        assertEquals(500, config.batch().size());
        assertEquals(Duration.ofMillis(20), config.batch().maxWait());
        assertEquals("15000", config.kafka().producer().get("delivery.timeout.ms"));
    }

    /** IngestConfig from application.properties in the prod profile, plus {@code environment} (higher ordinal). */
    private static IngestConfig production(Map<String, String> environment) {
        PropertiesConfigSource applicationProperties;
        try {
            applicationProperties = new PropertiesConfigSource(
                    RequiredSettingsTest.class.getResource("/application.properties"), 250);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .addDefaultInterceptors()
                // Quarkus' short duration form (20ms, 10s, 1h), which plain SmallRye Config does not read.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(applicationProperties)
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withMapping(IngestConfig.class)
                .build()
                .getConfigMapping(IngestConfig.class);
    }
}
