package io.meterlink.testbed.embedded;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that maps the testbed's endpoints to each service's configuration: the properties production sets
 * from its environment (deploy/README.md), here pointing at the embedded servers and the stand-ins. The local run,
 * the cross-service tests and the benchmarks start services with these maps (as system properties or, renamed by
 * {@link ServiceProcess#environmentName(String)}, as environment variables), adding only what their measurement
 * changes.
 *
 * <p>Each service gets its own database, the shared Kafka, the token verification key, and only the endpoints and
 * secrets it uses itself: ingest-service the AMQP subscription, command-service the OpenAPI and the legacy cluster,
 * alert-service SMS. The stand-ins speak plain AMQP and HTTP, hence {@code tls=false} and {@code protocol=HTTP}.
 */
public final class ServiceWiring {

    private final TestbedEndpoints endpoints;

    public ServiceWiring(TestbedEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The configuration of {@code service}, in a stable order. */
    public Map<String, String> config(MeterLinkService service) {
        return switch (service) {
            case INGEST -> ingest();
            case COMMAND -> command();
            case ALERT -> alert();
        };
    }

    /** ingest-service: the platform's AMQP consumer group → Kafka and PostgreSQL. */
    public Map<String, String> ingest() {
        Map<String, String> config = common(MeterLinkService.INGEST);
        TestbedEndpoints.PlatformAmqp amqp = require(endpoints.amqp(), MeterLinkService.INGEST, "amqp");
        config.put("meterlink.ingest.amqp.host", amqp.host());
        config.put("meterlink.ingest.amqp.port", Integer.toString(amqp.port()));
        config.put("meterlink.ingest.amqp.tls", "false");
        config.put("meterlink.ingest.amqp.access-key-id", amqp.accessKey().id());
        config.put("meterlink.ingest.amqp.access-key-secret", amqp.accessKey().secret());
        config.put("meterlink.ingest.amqp.iot-instance-id", amqp.instanceId());
        config.put("meterlink.ingest.amqp.consumer-group-id", amqp.consumerGroup());
        config.put("meterlink.ingest.amqp.address", amqp.address());
        return Collections.unmodifiableMap(config);
    }

    /** command-service: Pub through the platform's OpenAPI, the legacy cluster for meters not yet migrated. */
    public Map<String, String> command() {
        Map<String, String> config = common(MeterLinkService.COMMAND);
        TestbedEndpoints.PlatformOpenApi openApi = require(endpoints.openApi(), MeterLinkService.COMMAND, "openApi");
        config.put("meterlink.command.platform.endpoint", openApi.endpoint());
        config.put("meterlink.command.platform.protocol", "HTTP");
        config.put("meterlink.command.platform.region-id", openApi.regionId());
        config.put("meterlink.command.platform.instance-id", openApi.instanceId());
        config.put("meterlink.command.platform.access-key-id", openApi.accessKey().id());
        config.put("meterlink.command.platform.access-key-secret", openApi.accessKey().secret());
        config.put("meterlink.command.legacy.mqtt-uri",
                require(endpoints.legacyMqttUri(), MeterLinkService.COMMAND, "legacyMqttUri"));
        return Collections.unmodifiableMap(config);
    }

    /** alert-service: SMS through the SMS API to the on-call number. */
    public Map<String, String> alert() {
        Map<String, String> config = common(MeterLinkService.ALERT);
        TestbedEndpoints.Sms sms = require(endpoints.sms(), MeterLinkService.ALERT, "sms");
        config.put("meterlink.alert.sms.endpoint", sms.endpoint());
        config.put("meterlink.alert.sms.protocol", "HTTP");
        config.put("meterlink.alert.sms.access-key-id", sms.accessKey().id());
        config.put("meterlink.alert.sms.access-key-secret", sms.accessKey().secret());
        config.put("meterlink.alert.sms.sign-name", "MeterLink");
        config.put("meterlink.alert.sms.alert-template", sms.alertTemplate());
        config.put("meterlink.alert.sms.summary-template", sms.summaryTemplate());
        config.put("meterlink.alert.routing.default-recipients", sms.onCallNumber());
        return Collections.unmodifiableMap(config);
    }

    /** What every service has: its own database, Kafka, and (when given) the token verification key. */
    private Map<String, String> common(MeterLinkService service) {
        TestbedEndpoints.Database database = endpoints.database(service).orElseThrow(
                () -> missing(service, "databases[" + service + "]"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", database.user());
        config.put("quarkus.datasource.password", database.password());
        config.put("kafka.bootstrap.servers", require(endpoints.kafkaBootstrapServers(), service,
                "kafkaBootstrapServers"));
        if (endpoints.jwt() != null) {
            config.put("mp.jwt.verify.publickey.location", endpoints.jwt().publicKeyLocation());
            config.put("mp.jwt.verify.issuer", endpoints.jwt().issuer());
        }
        return config;
    }

    private static <T> T require(T part, MeterLinkService service, String name) {
        if (part == null) {
            throw missing(service, name);
        }
        return part;
    }

    private static IllegalStateException missing(MeterLinkService service, String part) {
        return new IllegalStateException(service.folder() + " needs TestbedEndpoints." + part + ", which is not set");
    }
}
