package io.meterlink.testbed.embedded;

import io.meterlink.testbed.embedded.TestbedEndpoints.AccessKey;
import io.meterlink.testbed.embedded.TestbedEndpoints.Database;
import io.meterlink.testbed.embedded.TestbedEndpoints.Jwt;
import io.meterlink.testbed.embedded.TestbedEndpoints.PlatformAmqp;
import io.meterlink.testbed.embedded.TestbedEndpoints.PlatformOpenApi;
import io.meterlink.testbed.embedded.TestbedEndpoints.Sms;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service gets its own endpoints under the property names it reads, and no secret it does not use: every
 * secret below is distinct, so a value showing up in the wrong service's map is a leak.
 */
class ServiceWiringTest {

    private static final Database INGEST_DB = new Database("jdbc:postgresql://127.0.0.1:15432/ingest", "ingest-user",
            "ingest-db-secret");
    private static final Database COMMAND_DB = new Database("jdbc:postgresql://127.0.0.1:15432/command", "command-user",
            "command-db-secret");
    private static final Database ALERT_DB = new Database("jdbc:postgresql://127.0.0.1:15432/alert", "alert-user",
            "alert-db-secret");
    private static final AccessKey AMQP_KEY = new AccessKey("LTAI-amqp", "amqp-key-secret");
    private static final AccessKey PUB_KEY = new AccessKey("LTAI-pub", "pub-key-secret");
    private static final AccessKey SMS_KEY = new AccessKey("LTAI-sms", "sms-key-secret");

    private static final TestbedEndpoints ENDPOINTS = TestbedEndpoints.builder()
            .database(MeterLinkService.INGEST, INGEST_DB)
            .database(MeterLinkService.COMMAND, COMMAND_DB)
            .database(MeterLinkService.ALERT, ALERT_DB)
            .kafka("127.0.0.1:15092")
            .amqp(new PlatformAmqp("127.0.0.1", 15672, "/#::ingest", "ingest", "iot-testbed", AMQP_KEY))
            .openApi(new PlatformOpenApi("127.0.0.1:18090", "cn-shanghai", "iot-testbed", PUB_KEY))
            .legacyMqttUri("tcp://127.0.0.1:15884")
            .jwt(new Jwt("file:/run/jwt/publicKey.pem", DevTokens.ISSUER))
            .sms(new Sms("127.0.0.1:18090", SMS_KEY, "SMS_400000001", "SMS_400000002", "+8613800000000"))
            .build();

    private static final List<String> SECRETS = List.of(INGEST_DB.password(), COMMAND_DB.password(),
            ALERT_DB.password(), AMQP_KEY.secret(), PUB_KEY.secret(), SMS_KEY.secret());

    private final ServiceWiring wiring = new ServiceWiring(ENDPOINTS);

    @Test
    void ingestGetsItsDatabaseKafkaAndThePlatformsAmqpConsumerGroup() {
        Map<String, String> config = wiring.ingest();

        assertCommon(config, INGEST_DB);
        assertEquals("127.0.0.1", config.get("meterlink.ingest.amqp.host"));
        assertEquals("15672", config.get("meterlink.ingest.amqp.port"));
        assertEquals("false", config.get("meterlink.ingest.amqp.tls"));
        assertEquals("LTAI-amqp", config.get("meterlink.ingest.amqp.access-key-id"));
        assertEquals("amqp-key-secret", config.get("meterlink.ingest.amqp.access-key-secret"));
        assertEquals("iot-testbed", config.get("meterlink.ingest.amqp.iot-instance-id"));
        assertEquals("ingest", config.get("meterlink.ingest.amqp.consumer-group-id"));
        assertEquals("/#::ingest", config.get("meterlink.ingest.amqp.address"));
        assertOnlyPrefixes(config, "meterlink.ingest.");
        assertSecrets(config, INGEST_DB.password(), AMQP_KEY.secret());
    }

    @Test
    void commandGetsItsDatabaseKafkaThePlatformsOpenApiAndTheLegacyCluster() {
        Map<String, String> config = wiring.command();

        assertCommon(config, COMMAND_DB);
        assertEquals("127.0.0.1:18090", config.get("meterlink.command.platform.endpoint"));
        assertEquals("HTTP", config.get("meterlink.command.platform.protocol"));
        assertEquals("cn-shanghai", config.get("meterlink.command.platform.region-id"));
        assertEquals("iot-testbed", config.get("meterlink.command.platform.instance-id"));
        assertEquals("LTAI-pub", config.get("meterlink.command.platform.access-key-id"));
        assertEquals("pub-key-secret", config.get("meterlink.command.platform.access-key-secret"));
        assertEquals("tcp://127.0.0.1:15884", config.get("meterlink.command.legacy.mqtt-uri"));
        assertOnlyPrefixes(config, "meterlink.command.");
        assertSecrets(config, COMMAND_DB.password(), PUB_KEY.secret());
    }

    @Test
    void alertGetsItsDatabaseKafkaSmsAndTheOnCallNumber() {
        Map<String, String> config = wiring.alert();

        assertCommon(config, ALERT_DB);
        assertEquals("127.0.0.1:18090", config.get("meterlink.alert.sms.endpoint"));
        assertEquals("HTTP", config.get("meterlink.alert.sms.protocol"));
        assertEquals("LTAI-sms", config.get("meterlink.alert.sms.access-key-id"));
        assertEquals("sms-key-secret", config.get("meterlink.alert.sms.access-key-secret"));
        assertEquals("SMS_400000001", config.get("meterlink.alert.sms.alert-template"));
        assertEquals("SMS_400000002", config.get("meterlink.alert.sms.summary-template"));
        assertEquals("+8613800000000", config.get("meterlink.alert.routing.default-recipients"));
        assertOnlyPrefixes(config, "meterlink.alert.");
        assertSecrets(config, ALERT_DB.password(), SMS_KEY.secret());
    }

    @Test
    void configByServiceIsTheServicesOwnMap() {
        assertEquals(wiring.ingest(), wiring.config(MeterLinkService.INGEST));
        assertEquals(wiring.command(), wiring.config(MeterLinkService.COMMAND));
        assertEquals(wiring.alert(), wiring.config(MeterLinkService.ALERT));
    }

    @Test
    void aBenchmarkWithOnlyWhatOneServiceNeedsWiresThatService() {
        ServiceWiring smsOnly = new ServiceWiring(TestbedEndpoints.builder()
                .database(MeterLinkService.ALERT, ALERT_DB)
                .kafka("127.0.0.1:15092")
                .sms(new Sms("127.0.0.1:18091", SMS_KEY, "SMS_1", "SMS_2", "+8613800000001"))
                .build());

        Map<String, String> alert = smsOnly.alert();
        assertEquals("127.0.0.1:18091", alert.get("meterlink.alert.sms.endpoint"));
        assertFalse(alert.containsKey("mp.jwt.verify.publickey.location"), "no key given: the service keeps its own");

        IllegalStateException missing = assertThrows(IllegalStateException.class, smsOnly::ingest);
        assertTrue(missing.getMessage().contains("ingest-service needs TestbedEndpoints.databases[INGEST]"),
                missing.getMessage());
        IllegalStateException noPlatform = assertThrows(IllegalStateException.class, () -> new ServiceWiring(
                TestbedEndpoints.builder().database(MeterLinkService.COMMAND, COMMAND_DB).kafka("k:1").build())
                .command());
        assertTrue(noPlatform.getMessage().contains("command-service needs TestbedEndpoints.openApi"),
                noPlatform.getMessage());
    }

    @Test
    void endpointsNeverPrintTheirSecrets() {
        String printed = ENDPOINTS.toString();
        for (String secret : SECRETS) {
            assertFalse(printed.contains(secret), printed);
        }
    }

    private static void assertCommon(Map<String, String> config, Database database) {
        assertEquals(database.jdbcUrl(), config.get("quarkus.datasource.jdbc.url"));
        assertEquals(database.user(), config.get("quarkus.datasource.username"));
        assertEquals(database.password(), config.get("quarkus.datasource.password"));
        assertEquals("127.0.0.1:15092", config.get("kafka.bootstrap.servers"));
        assertEquals("file:/run/jwt/publicKey.pem", config.get("mp.jwt.verify.publickey.location"));
        assertEquals(DevTokens.ISSUER, config.get("mp.jwt.verify.issuer"));
    }

    /** Besides the shared keys, only the service's own prefixes: no other service's settings. */
    private static void assertOnlyPrefixes(Map<String, String> config, String... own) {
        for (String key : config.keySet()) {
            boolean shared = key.startsWith("quarkus.datasource.") || key.equals("kafka.bootstrap.servers")
                    || key.startsWith("mp.jwt.verify.");
            boolean mine = List.of(own).stream().anyMatch(key::startsWith);
            assertTrue(shared || mine, key + " is not this service's");
        }
    }

    /** Exactly the secrets the service uses, and none of the others. */
    private static void assertSecrets(Map<String, String> config, String... its) {
        List<String> mine = List.of(its);
        for (String secret : SECRETS) {
            assertEquals(mine.contains(secret), config.containsValue(secret),
                    (mine.contains(secret) ? "missing " : "leaked ") + secret);
        }
    }
}
