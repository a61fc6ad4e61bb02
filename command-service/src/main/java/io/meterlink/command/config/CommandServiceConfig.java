package io.meterlink.command.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the command service can be told from outside, under {@code meterlink.command.*}, with its defaults here
 * (application.properties sets only what differs). Each key can be set by environment variable
 * ({@code METERLINK_COMMAND_PACING_PUB_QPS} and so on); durations in the short form ({@code 500ms}, {@code 10s},
 * {@code 1h}, {@code 7d}). The README lists them.
 */
@ConfigMapping(prefix = "meterlink.command")
public interface CommandServiceConfig {

    /** How commands reach meters that are on Alibaba Cloud IoT Platform. */
    Platform platform();

    /** How commands reach meters still on the self-managed MQTT cluster. */
    Legacy legacy();

    /** The account-wide Pub budget shared by every replica. */
    Pacing pacing();

    /** How many API requests one caller may make. */
    CallerLimit callerLimit();

    /** The loop that sends accepted commands. */
    Sender sender();

    /** Retries of throttled or transiently failed sends. */
    Retry retry();

    /** Lifetime and paging of commands and jobs. */
    Commands commands();

    /** The IoT Platform OpenAPI (Pub) connection. */
    interface Platform {

        /** OpenAPI endpoint host, e.g. {@code iot.cn-shanghai.aliyuncs.com}; {@code 127.0.0.1:PORT} for the testbed. */
        @WithDefault("iot.cn-shanghai.aliyuncs.com")
        String endpoint();

        /** {@code HTTPS} in production; {@code HTTP} only for the local stand-in. */
        @WithDefault("HTTPS")
        String protocol();

        /** Region of the IoT instance, e.g. {@code cn-shanghai}. */
        @WithDefault("cn-shanghai")
        String regionId();

        /** IoT instance id (instances created after 2021-07-30 have one); empty for the public instance. */
        Optional<String> instanceId();

        /** AccessKey id of the RAM user allowed to call Pub. No default: without it the service does not start. */
        String accessKeyId();

        /** AccessKey secret of that RAM user; never logged. No default: without it the service does not start. */
        String accessKeySecret();

        /** QoS of the Pub call: 1 makes the platform keep the command for an offline meter. */
        @WithDefault("1")
        int qos();

        /** TCP connect timeout of an OpenAPI call. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Read timeout of an OpenAPI call; must stay well under {@code sender.lease}. */
        @WithDefault("10s")
        Duration readTimeout();
    }

    /** The self-managed MQTT cluster that meters not yet migrated still use. */
    interface Legacy {

        /** Whether legacy delivery is on; off once the migration is finished. */
        @WithDefault("true")
        boolean enabled();

        /** Broker URI, e.g. {@code tcp://mqtt.legacy.internal:1883}. */
        @WithDefault("tcp://localhost:1883")
        String mqttUri();

        /** Topic one meter's commands are published on; {@code {deviceName}} is replaced (see the testbed README). */
        @WithDefault("cdb/cmd/push/{deviceName}")
        String commandTopic();

        /** Topic filter of the meters' data frames, watched to tell live legacy meters from never-seen ones. */
        @WithDefault("cdb/data/post/+")
        String dataTopicFilter();

        /** Whether to watch {@code dataTopicFilter} for migration reporting. */
        @WithDefault("true")
        boolean observeData();

        /** MQTT username, when the cluster wants one. */
        Optional<String> username();

        /** MQTT password, when the cluster wants one; never logged. */
        Optional<String> password();

        /** QoS of legacy publishes. */
        @WithDefault("1")
        int qos();

        /** How long a publish may wait for the broker's acknowledgement. */
        @WithDefault("10s")
        Duration publishTimeout();
    }

    /** Distributed token bucket in PostgreSQL that every replica draws Pub permits from. */
    interface Pacing {

        /** Pub calls per second for the whole account (Alibaba allows 1,600; leave room for other tools). */
        @WithDefault("1500")
        double pubQps();

        /** Permits that may be spent at once after an idle period. */
        @WithDefault("50")
        int burst();

        /** Permits a replica takes from the bucket per database round trip; 0 = about 10 ms worth of pubQps. */
        @WithDefault("0")
        int permitBatch();
    }

    /** Per-caller request limit (token bucket per principal, shared by replicas). */
    interface CallerLimit {

        /** Sustained API requests per second of one caller. */
        @WithDefault("10")
        double requestsPerSecond();

        /** Requests one caller may make at once. */
        @WithDefault("30")
        int burst();
    }

    /** The outbox sender. */
    interface Sender {

        /** Whether this replica sends at all (API-only replicas are possible). */
        @WithDefault("true")
        boolean enabled();

        /** Worker threads sending in parallel; also the HTTP connection pool size of the Pub client. */
        @WithDefault("8")
        int workers();

        /** How long a claimed command belongs to its sender; after that an unfinished send counts as in doubt. */
        @WithDefault("60s")
        Duration lease();

        /** How often idle workers look for due commands when no notification arrives (retries, other replicas). */
        @WithDefault("1s")
        Duration idlePoll();

        /** How often expired commands, in-doubt sends and finished jobs are swept (on every replica). */
        @WithDefault("5s")
        Duration maintenanceInterval();
    }

    /** Backoff for retryable errors; a command is retried until its TTL passes. */
    interface Retry {

        /** Wait before the first retry. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** Upper bound of the wait between retries. */
        @WithDefault("30s")
        Duration maxBackoff();

        /** Growth of the wait per attempt. */
        @WithDefault("2.0")
        double multiplier();

        /**
         * Error codes worth retrying (throttling, transient server and network errors), comma-separated: an entry
         * ending in {@code *} matches by prefix, any other exactly; any other code fails the command at once.
         */
        @WithDefault("Throttling,Throttling.*,ServiceUnavailable,ServiceUnavailable.*,InternalError,InternalError.*,"
                + "SDK.ServerUnreachable,SDK.ServerUnreachable.*,SDK.TimeOut,SDK.TimeOut.*,"
                + "iot.system.SystemBusy,iot.system.SystemBusy.*,iot.messagebroker.RateLimit,"
                + "iot.messagebroker.RateLimit.*,Legacy.Unavailable,Legacy.Unavailable.*")
        List<String> retryableCodes();
    }

    /** Command and job lifetime. */
    interface Commands {

        /** TTL of a command whose request names none. */
        @WithDefault("1h")
        Duration defaultTtl();

        /** Longest TTL a request may ask for. */
        @WithDefault("7d")
        Duration maxTtl();

        /** Most meters one job may target. */
        @WithDefault("100000")
        int maxJobTargets();

        /** Largest page the list endpoints return. */
        @WithDefault("200")
        int maxPageSize();
    }
}
