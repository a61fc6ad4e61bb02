package io.meterlink.alert.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * application.properties as production reads it (profile prod, settings from the environment): the mappings'
 * defaults are what README.md says, and a missing secret or template stops the start naming the property and the
 * environment variable that sets it, instead of a service that starts healthy and fails every SendSms.
 */
class ProductionSettingsTest {

    /** What the ACK overlay and the alert-service-alibaba Secret give a pod. */
    private static final Map<String, String> PRODUCTION_ENV = Map.of(
            "ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tProduction",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "production-secret",
            "METERLINK_ALERT_SMS_SIGN_NAME", "MeterLink",
            "METERLINK_ALERT_SMS_ALERT_TEMPLATE", "SMS_480000001",
            "METERLINK_ALERT_SMS_SUMMARY_TEMPLATE", "SMS_480000002",
            "METERLINK_ALERT_ROUTING_DEFAULT_RECIPIENTS", "+8613800000000,+8613800000001");

    private static SmallRyeConfig production(Map<String, String> env) throws Exception {
        URL properties = ProductionSettingsTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, 250), new EnvConfigSource(env, 300))
                // Quarkus' notation for durations (200ms, 5s, 4h, 3d), as the service uses it.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(SmsConfig.class).withMapping(RoutingConfig.class).withMapping(NotifyConfig.class)
                .withMapping(RulesConfig.class).withMapping(ReadingsConfig.class)
                .build();
    }

    @Test
    void theEnvironmentSetsTheSecretsAndTheDefaultsAreTheDocumentedOnes() throws Exception {
        SmallRyeConfig config = production(PRODUCTION_ENV);
        SmsConfig sms = config.getConfigMapping(SmsConfig.class);
        assertEquals("LTAI5tProduction", sms.accessKeyId());
        assertEquals("production-secret", sms.accessKeySecret());
        assertEquals("MeterLink", sms.signName());
        assertEquals("SMS_480000001", sms.alertTemplate());
        assertEquals("SMS_480000002", sms.summaryTemplate());
        assertEquals("dysmsapi.aliyuncs.com", sms.endpoint());
        assertEquals("HTTPS", sms.protocol());
        assertEquals(Duration.ofSeconds(1), sms.pollInterval());
        assertEquals(Duration.ofSeconds(5), sms.retry().initialBackoff());
        assertEquals(Duration.ofMinutes(5), sms.retry().maxBackoff());
        assertEquals(List.of("isv.BUSINESS_LIMIT_CONTROL", "Throttling*", "isp.SYSTEM_ERROR", "isp.GATEWAY_ERROR",
                "ServiceUnavailable", "InternalError"), sms.retry().retryableCodes());
        assertEquals(List.of("+8613800000000", "+8613800000001"),
                config.getConfigMapping(RoutingConfig.class).defaultRecipients());

        NotifyConfig notify = config.getConfigMapping(NotifyConfig.class);
        assertEquals(Duration.ofHours(4), notify.quietPeriod());
        assertEquals(Duration.ofMinutes(5), notify.storm().window());
        assertEquals(Duration.ofSeconds(20), notify.storm().settle());
        assertEquals(Duration.ofMinutes(2), notify.storm().maxDelay());
        assertEquals(Duration.ofMinutes(15),
                config.getConfigMapping(RulesConfig.class).missingReport().reportingInterval());
        assertEquals(Duration.ofDays(3), config.getConfigMapping(ReadingsConfig.class).dedupRetention());
        assertEquals(Duration.ofHours(1), config.getConfigMapping(ReadingsConfig.class).notifyMaxAge());
        assertEquals("earliest", config.getValue("mp.messaging.incoming.readings.auto.offset.reset", String.class));
    }

    @Test
    void theServiceOwnVariablesOverrideTheAlibabaOnes() throws Exception {
        Map<String, String> env = new HashMap<>(PRODUCTION_ENV);
        env.put("METERLINK_ALERT_SMS_ACCESS_KEY_ID", "LTAI5tOwnUser");
        assertEquals("LTAI5tOwnUser", production(env).getConfigMapping(SmsConfig.class).accessKeyId());
    }

    @Test
    void everyMissingSecretOrTemplateStopsTheStartNamingPropertyAndVariable() {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> production(Map.of()));
        String message = messages(refused);
        for (String[] required : new String[][] {
                {"meterlink.alert.sms.access-key-id", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
                {"meterlink.alert.sms.access-key-secret", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
                {"meterlink.alert.sms.sign-name", "METERLINK_ALERT_SMS_SIGN_NAME"},
                {"meterlink.alert.sms.alert-template", "METERLINK_ALERT_SMS_ALERT_TEMPLATE"},
                {"meterlink.alert.sms.summary-template", "METERLINK_ALERT_SMS_SUMMARY_TEMPLATE"},
                {"meterlink.alert.routing.default-recipients", "METERLINK_ALERT_ROUTING_DEFAULT_RECIPIENTS"}}) {
            assertTrue(message.contains(required[0]) && message.contains(required[1]),
                    required[0] + " / " + required[1] + " named in: " + message);
        }
    }

    @Test
    void oneMissingTemplateIsEnoughToRefuse() {
        Map<String, String> env = new HashMap<>(PRODUCTION_ENV);
        env.remove("METERLINK_ALERT_SMS_SUMMARY_TEMPLATE");
        String message = messages(assertThrows(RuntimeException.class, () -> production(env)));
        assertTrue(message.contains("METERLINK_ALERT_SMS_SUMMARY_TEMPLATE"), message);
        assertTrue(message.contains("meterlink.alert.sms.summary-template"), message);
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable e = t; e != null; e = e.getCause()) {
            all.append(e.getMessage()).append('\n');
            for (Throwable s : e.getSuppressed()) {
                all.append(messages(s));
            }
        }
        return all.toString();
    }
}
