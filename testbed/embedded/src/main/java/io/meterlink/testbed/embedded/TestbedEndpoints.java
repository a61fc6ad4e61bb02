package io.meterlink.testbed.embedded;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the testbed's servers listen and which credentials they accept: everything {@link ServiceWiring} turns into
 * the services' configuration. Plain values, so that whoever started the servers (the local run, a benchmark, a test
 * resource) can describe them without this module knowing the IoT Platform stand-in. Parts a caller does not run stay
 * empty; asking {@link ServiceWiring} for a service that needs one of them fails naming the part.
 *
 * <p>Each consumer of an AccessKey carries its own ({@link PlatformAmqp#accessKey()},
 * {@link PlatformOpenApi#accessKey()}, {@link Sms#accessKey()}): in the testbed they are usually the stand-in's one
 * key, but keeping them apart is what lets the wiring hand each service only the secret it uses, as production's
 * separate Secrets do.
 *
 * @param databases             each service's own database
 * @param kafkaBootstrapServers {@code host:port[,host:port]}
 * @param amqp                  the IoT Platform's AMQP server-side subscription (ingest-service)
 * @param openApi               the IoT Platform's OpenAPI, for Pub (command-service)
 * @param legacyMqttUri         the self-managed MQTT cluster meters are moving away from (command-service)
 * @param jwt                   how the services verify bearer tokens; empty: each service keeps its own default
 * @param sms                   Alibaba Cloud SMS and who is on call (alert-service)
 */
public record TestbedEndpoints(Map<MeterLinkService, Database> databases, String kafkaBootstrapServers,
        PlatformAmqp amqp, PlatformOpenApi openApi, String legacyMqttUri, Jwt jwt, Sms sms) {

    public TestbedEndpoints {
        EnumMap<MeterLinkService, Database> copy = new EnumMap<>(MeterLinkService.class);
        copy.putAll(databases);
        databases = Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Database> database(MeterLinkService service) {
        return Optional.ofNullable(databases.get(service));
    }

    /** A database and the login a service uses for it. */
    public record Database(String jdbcUrl, String user, String password) {

        public Database {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            password = password == null ? "" : password;
        }

        /** {@code database} on {@code server} with the server's login; does not create it. */
        public static Database of(PostgresServer server, String database) {
            return new Database(server.jdbcUrl(database), server.user(), server.password());
        }

        @Override
        public String toString() {
            return "Database[" + jdbcUrl + " as " + user + "]";
        }
    }

    /** An Alibaba Cloud AccessKey pair. The secret never appears in {@link #toString()}. */
    public record AccessKey(String id, String secret) {

        public AccessKey {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "AccessKey[" + id + "]";
        }
    }

    /**
     * The platform's AMQP endpoint for one consumer group.
     *
     * @param address the source address to consume; Alibaba's is {@code default}, the stand-in's
     *                {@code /#::<group>}
     */
    public record PlatformAmqp(String host, int port, String address, String consumerGroup, String instanceId,
            AccessKey accessKey) {

        public PlatformAmqp {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(consumerGroup, "consumerGroup");
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(accessKey, "accessKey");
        }
    }

    /** The platform's OpenAPI ({@code host:port}, plain HTTP in the testbed) and the instance commands go to. */
    public record PlatformOpenApi(String endpoint, String regionId, String instanceId, AccessKey accessKey) {

        public PlatformOpenApi {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(regionId, "regionId");
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(accessKey, "accessKey");
        }
    }

    /**
     * Token verification.
     *
     * @param publicKeyLocation a URL or path the service can read ({@code file:/.../publicKey.pem})
     */
    public record Jwt(String publicKeyLocation, String issuer) {

        public Jwt {
            Objects.requireNonNull(publicKeyLocation, "publicKeyLocation");
            Objects.requireNonNull(issuer, "issuer");
        }

        /** Tokens minted by {@code tokens}: its public key, the dev issuer. */
        public static Jwt of(DevTokens tokens) {
            return new Jwt(tokens.publicKeyPem().toUri().toString(), DevTokens.ISSUER);
        }
    }

    /**
     * SMS sending and routing.
     *
     * @param endpoint     the SMS API, {@code host:port} (plain HTTP in the testbed)
     * @param onCallNumber where alerts go when no product has its own routing
     */
    public record Sms(String endpoint, AccessKey accessKey, String alertTemplate, String summaryTemplate,
            String onCallNumber) {

        public Sms {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(alertTemplate, "alertTemplate");
            Objects.requireNonNull(summaryTemplate, "summaryTemplate");
            Objects.requireNonNull(onCallNumber, "onCallNumber");
        }
    }

    /** Collects the parts a caller runs; everything is optional until a service needs it. */
    public static final class Builder {
        private final Map<MeterLinkService, Database> databases = new EnumMap<>(MeterLinkService.class);
        private String kafkaBootstrapServers;
        private PlatformAmqp amqp;
        private PlatformOpenApi openApi;
        private String legacyMqttUri;
        private Jwt jwt;
        private Sms sms;

        private Builder() {
        }

        public Builder database(MeterLinkService service, Database database) {
            databases.put(service, Objects.requireNonNull(database, "database"));
            return this;
        }

        /** Every service's own database ({@link MeterLinkService#database()}) on {@code server}; creates none. */
        public Builder databases(PostgresServer server) {
            for (MeterLinkService service : MeterLinkService.values()) {
                database(service, Database.of(server, service.database()));
            }
            return this;
        }

        public Builder kafka(String bootstrapServers) {
            this.kafkaBootstrapServers = bootstrapServers;
            return this;
        }

        public Builder amqp(PlatformAmqp amqp) {
            this.amqp = amqp;
            return this;
        }

        public Builder openApi(PlatformOpenApi openApi) {
            this.openApi = openApi;
            return this;
        }

        public Builder legacyMqttUri(String uri) {
            this.legacyMqttUri = uri;
            return this;
        }

        public Builder jwt(Jwt jwt) {
            this.jwt = jwt;
            return this;
        }

        public Builder sms(Sms sms) {
            this.sms = sms;
            return this;
        }

        public TestbedEndpoints build() {
            return new TestbedEndpoints(databases, kafkaBootstrapServers, amqp, openApi, legacyMqttUri, jwt, sms);
        }
    }
}
