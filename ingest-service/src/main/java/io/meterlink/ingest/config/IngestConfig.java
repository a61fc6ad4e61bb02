package io.meterlink.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything ingest-service can be told, under the {@code meterlink.ingest.} prefix (environment variables
 * {@code METERLINK_INGEST_...}), with the defaults; {@code application.properties} sets only what differs. The AMQP
 * channel itself ({@code mp.messaging.incoming.data-up.*}) takes its source address and number of connections from
 * here; where to connect and how to log in lives here because the login must be recomputed on every connect.
 * Properties without a default and not {@code Optional} are required: the service refuses to start without them,
 * and in production ({@code %prod} in {@code application.properties}) the message names their environment variable.
 */
@ConfigMapping(prefix = "meterlink.ingest")
public interface IngestConfig {

    /** The IoT Platform's AMQP server-side subscription. */
    Amqp amqp();

    /** How deliveries are grouped into one database transaction and one burst of Kafka sends. */
    Batch batch();

    /** Kafka topics and producer settings. */
    Kafka kafka();

    /** Limits that decide whether a delivery is a storable reading. */
    Frames frames();

    /** Daily partitions of the readings table and how long they are kept. */
    Partitions partitions();

    /** What the pipeline does after a batch could not be made durable. */
    Recovery recovery();

    /** Connection and {@code aksign} login of the AMQP consumer group. */
    interface Amqp {

        /** AMQP endpoint host: {@code ${uid}.iot-amqp.${regionId}.aliyuncs.com} in production, the stand-in locally. */
        String host();

        /** AMQP endpoint port: 5671 (AMQPS) on Alibaba Cloud. */
        @WithDefault("5671")
        int port();

        /** TLS with host name verification against the JDK trust store; always on against Alibaba Cloud. */
        @WithDefault("true")
        boolean tls();

        /** Number of AMQP connections (one receiver link each) this instance opens to the consumer group. */
        @WithDefault("2")
        int connections();

        /**
         * Source address of the receiver links ({@code mp.messaging.incoming.data-up.address}): {@code default} on
         * Alibaba Cloud, {@code /#::<group>} on the local stand-in.
         */
        @WithDefault("default")
        String address();

        /** AccessKey id whose secret signs the login ({@code authId}). */
        String accessKeyId();

        /** AccessKey secret; only ever used to compute the HMAC, never logged. */
        String accessKeySecret();

        /** Consumer group id the messages are forwarded to by the rules engine. */
        String consumerGroupId();

        /** Enterprise instance id; absent for a public instance. */
        Optional<String> iotInstanceId();

        /**
         * Prefix of the per-connection client ids ({@code <prefix>-<n>}); defaults to the host name (the pod name on
         * Kubernetes), so every connection of every replica is distinguishable in the console.
         */
        Optional<String> clientIdPrefix();

        /** HMAC used for the login signature: hmacsha1, hmacsha256 or hmacmd5. */
        @WithDefault("hmacsha1")
        String signMethod();

        /** AMQP idle timeout offered in the Open frame; Alibaba accepts 30 s to 300 s. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** TCP connect timeout of one connection attempt. */
        @WithDefault("10s")
        Duration connectTimeout();
    }

    /** Batching: one insert and one commit per batch. */
    interface Batch {

        /** Deliveries per batch at most. */
        @WithDefault("500")
        int size();

        /** How long a batch waits to fill up once its first delivery arrived. */
        @WithDefault("20ms")
        Duration maxWait();

        /** Batches processed concurrently (each has its own database transaction), so sends and inserts overlap. */
        @WithDefault("3")
        int workers();

        /**
         * Deliveries received but not yet settled, over all connections; further messages stay in the AMQP link's
         * credit window until a batch is settled. Keep it a few batches deep.
         */
        @WithDefault("2000")
        int maxInFlight();

        /** Longest wait for a batch's Kafka acknowledgements before the batch is released for redelivery. */
        @WithDefault("20s")
        Duration kafkaTimeout();

        /**
         * A batch worker that has not come back to take the next batch for this long (a batch is bounded by the Kafka
         * wait plus the transaction's head room) counts as stalled: liveness turns DOWN so the pod is restarted.
         */
        @WithDefault("2m")
        Duration stallTimeout();
    }

    /** Kafka output. */
    interface Kafka {

        /** Topic receiving each payload unchanged, like the old cluster's feed. */
        @WithDefault("cdb.data.post")
        String rawTopic();

        /** Topic receiving one reading event (JSON, meter-domain's ReadingEventCodec) per accepted frame. */
        @WithDefault("meter.readings")
        String readingsTopic();

        /**
         * Topic receiving device online/offline notifications unchanged, when the consumer group has status
         * forwarding enabled.
         */
        @WithDefault("meter.status")
        String statusTopic();

        /** Dead-letter topic for deliveries that are not storable readings; header {@code reason} says why. */
        @WithDefault("meter.readings.dlq")
        String deadLetterTopic();

        /**
         * Extra producer properties on top of the {@code kafka.*} connection settings; {@code acks=all} and
         * {@code enable.idempotence=true} are always enforced.
         */
        Map<String, String> producer();
    }

    /** Validation limits. */
    interface Frames {

        /** Larger payloads are rejected as {@code oversize} without being parsed. */
        @WithDefault("256")
        int maxPayloadBytes();

        /** A generateTime further in the future than this is rejected as {@code invalid_property}. */
        @WithDefault("1h")
        Duration maxClockSkew();
    }

    /** Partition maintenance of {@code ingest.reading}. */
    interface Partitions {

        /** Readings (and rejected messages) older than this many days are dropped by the daily maintenance. */
        @WithDefault("400")
        int retentionDays();

        /** Daily partitions created ahead of today. */
        @WithDefault("3")
        int daysAhead();

        /** Daily partitions created behind today at start-up, for a backlog the platform still holds. */
        @WithDefault("2")
        int daysBehind();

        /** When the maintenance job runs (Quartz-style cron, UTC). */
        @WithDefault("0 15 0 * * ?")
        String maintenanceCron();
    }

    /** Back-off after a failed batch (database or Kafka unavailable). */
    interface Recovery {

        /** Pause before the first retry after a failure; doubles with each consecutive failure. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** Longest pause between retries; keep it under the platform's 30 s redelivery timeout. */
        @WithDefault("10s")
        Duration maxBackoff();
    }
}
