package io.meterlink.testbed.quarkus;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.meterlink.testbed.embedded.DevTokens;
import io.meterlink.testbed.embedded.EmbeddedInfrastructure;
import io.meterlink.testbed.embedded.MeterLinkService;
import io.meterlink.testbed.embedded.PostgresServer;
import io.meterlink.testbed.embedded.ServiceWiring;
import io.meterlink.testbed.embedded.TestbedEndpoints;
import io.meterlink.testbed.platform.IotPlatform;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The one test resource a service module declares (once, on one class): starts what the service needs — its
 * PostgreSQL database owned by a login role of the service's own (as in production: not a superuser, so a test can
 * cut the service off the database while it keeps looking through the superuser connection), Kafka, the IoT Platform stand-in with its OpenAPI, SMS and legacy cluster, a per-run JWT key
 * pair — and configures the service through {@link ServiceWiring}, the same mapping the local run, the cross-service
 * tests and the benchmarks use. It also hands the tests the {@code testbed.platform.*} keys and the token signing key
 * ({@link TestTokens}).
 *
 * <p>Init args: {@code service} ({@code ingest}, {@code command} or {@code alert}; required), {@code devices} and
 * {@code consumer-groups} (passed to the stand-in, see {@link IotPlatformResource}).
 */
public class ServiceTestbed implements QuarkusTestResourceLifecycleManager {

    /** The SMS templates the stand-in accepts for the test account. */
    public static final String SMS_ALERT_TEMPLATE = "SMS_400000001";
    public static final String SMS_SUMMARY_TEMPLATE = "SMS_400000002";
    /** The default on-call number alert-service texts in tests. */
    public static final String ON_CALL_NUMBER = "+8613800000000";

    private MeterLinkService service;
    private final IotPlatformResource platformResource = new IotPlatformResource();
    private final JwtKeysResource jwtResource = new JwtKeysResource();

    @Override
    public void init(Map<String, String> initArgs) {
        String name = initArgs.get("service");
        if (name == null) {
            throw new IllegalArgumentException("ServiceTestbed needs the init arg service=ingest|command|alert");
        }
        service = MeterLinkService.valueOf(name.toUpperCase(Locale.ROOT));
        platformResource.init(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> testbedKeys = platformResource.start();
        IotPlatform platform = IotPlatformResource.platform();
        Map<String, String> jwt = jwtResource.start();
        PostgresServer postgres = EmbeddedInfrastructure.postgres();
        TestbedEndpoints.AccessKey key = new TestbedEndpoints.AccessKey(platform.accessKeyId(),
                platform.accessKeySecret());
        String group = IotPlatformResource.INGEST_GROUP;
        TestbedEndpoints endpoints = TestbedEndpoints.builder()
                .database(service, ownDatabase(postgres, service))
                .kafka(EmbeddedInfrastructure.kafka().bootstrapServers())
                .amqp(new TestbedEndpoints.PlatformAmqp(platform.amqpHost(), platform.amqpPort(),
                        platform.amqpAddress(group), group, platform.instanceId(), key))
                .openApi(new TestbedEndpoints.PlatformOpenApi(platform.openApiEndpoint(), platform.regionId(),
                        platform.instanceId(), key))
                .legacyMqttUri(platform.legacyMqttUri())
                .sms(new TestbedEndpoints.Sms(platform.openApiEndpoint(), key, SMS_ALERT_TEMPLATE,
                        SMS_SUMMARY_TEMPLATE, ON_CALL_NUMBER))
                .jwt(new TestbedEndpoints.Jwt(jwt.get("mp.jwt.verify.publickey.location"), DevTokens.ISSUER))
                .build();
        Map<String, String> config = new LinkedHashMap<>(testbedKeys);
        config.putAll(jwt);
        config.putAll(new ServiceWiring(endpoints).config(service));
        return config;
    }

    /** The login role a service connects as in tests: {@code <database>_service}. */
    public static String role(MeterLinkService service) {
        return service.database() + "_service";
    }

    private static TestbedEndpoints.Database ownDatabase(PostgresServer postgres, MeterLinkService service) {
        String url = postgres.createDatabase(service.database());
        String role = role(service);
        String password = service.database() + "-test-password";
        try (Connection c = postgres.connect("postgres"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
                }
            }
            st.execute("ALTER DATABASE " + service.database() + " OWNER TO " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the " + service.database() + " database", e);
        }
        return new TestbedEndpoints.Database(url, role, password);
    }

    @Override
    public void stop() {
        // The servers are shared by every test class of this JVM and stop with it.
    }
}
