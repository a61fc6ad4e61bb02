package io.meterlink.command.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Pub AccessKey has no default and no placeholder: production without it refuses to start, naming the property
 * and the variable, instead of starting healthy and failing every Pub. Checked the way Quarkus starts the service:
 * the real application.properties in the prod profile, validated against {@link CommandServiceConfig}, with a given
 * environment.
 */
class RequiredSecretsTest {

    private static SmallRyeConfig prod(Map<String, String> environment) throws IOException {
        URL properties = RequiredSecretsTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(CommandServiceConfig.class)
                .build();
    }

    @Test
    void withoutTheAccessKeyTheServiceRefusesToStartNamingPropertyAndVariable() {
        Exception refused = assertThrows(Exception.class, () -> prod(Map.of()));
        String message = refused.getMessage();
        for (String expected : new String[] {"meterlink.command.platform.access-key-id", "ALIBABA_CLOUD_ACCESS_KEY_ID",
                "meterlink.command.platform.access-key-secret", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"}) {
            assertTrue(message.contains(expected), "'" + expected + "' missing from: " + message);
        }
        // Only the secret missing: only the secret is named.
        String secretOnly = assertThrows(Exception.class,
                () -> prod(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tProduction"))).getMessage();
        assertTrue(secretOnly.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), secretOnly);
        assertFalse(secretOnly.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), secretOnly);
    }

    @Test
    void alibabasVariablesOrThePropertysOwnSetIt() throws IOException {
        CommandServiceConfig.Platform fromAlibabaNames = prod(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tProduction",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s3cret")).getConfigMapping(CommandServiceConfig.class).platform();
        assertEquals("LTAI5tProduction", fromAlibabaNames.accessKeyId());
        assertEquals("s3cret", fromAlibabaNames.accessKeySecret());

        CommandServiceConfig.Platform fromOwnNames = prod(Map.of(
                "METERLINK_COMMAND_PLATFORM_ACCESS_KEY_ID", "LTAI5tOwn",
                "METERLINK_COMMAND_PLATFORM_ACCESS_KEY_SECRET", "own")).getConfigMapping(CommandServiceConfig.class)
                .platform();
        assertEquals("LTAI5tOwn", fromOwnNames.accessKeyId());
        assertEquals("own", fromOwnNames.accessKeySecret());
    }

    @Test
    void everythingElseHasItsDefaultInTheMappingInTheShortDurationForm() throws IOException {
        CommandServiceConfig config = prod(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "id",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret")).getConfigMapping(CommandServiceConfig.class);
        assertEquals("iot.cn-shanghai.aliyuncs.com", config.platform().endpoint());
        assertEquals("cn-shanghai", config.platform().regionId());
        assertEquals(Duration.ofHours(1), config.commands().defaultTtl());
        assertEquals(Duration.ofDays(7), config.commands().maxTtl());
        assertEquals(Duration.ofMillis(500), config.retry().initialBackoff());
    }
}
