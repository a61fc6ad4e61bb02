package io.meterlink.testbed.quarkus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.event.ReadingEventCodec;
import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.DataFrameResult;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.domain.frame.StatusBits;

/**
 * The one test-side producer of {@code meter.readings}: publishes reading events exactly as ingest does (JSON from
 * meter-domain's codec, key = device name, headers productKey, deviceName, messageId, generateTime), for the tests
 * of the services that consume them.
 */
public final class ReadingEvents implements AutoCloseable {

    /** The topic ingest publishes parsed readings on. */
    public static final String TOPIC = "meter.readings";

    private final KafkaProducer<String, byte[]> producer;

    /** A producer to the Kafka at {@code bootstrapServers} (the test's {@code kafka.bootstrap.servers}). */
    public ReadingEvents(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A healthy reading: relay closed, power on, good signal, no alarm. */
    public static MeterReading normal(long energy) {
        return MeterReading.of(10, 25, StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON), 0, energy);
    }

    /** A reading carrying alarm {@code code}. */
    public static MeterReading alarm(int code, long energy) {
        return MeterReading.of(10, 25, StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON), code, energy);
    }

    /** A healthy reading with one more status bit set. */
    public static MeterReading withBit(StatusBit bit, long energy) {
        return MeterReading.of(10, 25, StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON).with(bit), 0,
                energy);
    }

    /** A healthy reading with signal quality {@code csq}. */
    public static MeterReading signal(int csq, long energy) {
        return MeterReading.of(10, csq, StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON), 0, energy);
    }

    /** An event as ingest would publish it now, with a fresh message id. */
    public static ReadingEvent event(String productKey, String deviceName, MeterReading reading) {
        Instant now = Instant.now();
        return ReadingEvent.of(productKey, deviceName, UUID.randomUUID().toString(), now, now,
                DataFrameCodec.format(reading), reading);
    }

    /** An event for a frame generated at {@code generateTime}; the frame must be a valid data frame. */
    public static ReadingEvent event(String productKey, String deviceName, String frame, Instant generateTime) {
        if (!(DataFrameCodec.parse(frame) instanceof DataFrameResult.Parsed parsed)) {
            throw new IllegalArgumentException("not a valid data frame: " + frame);
        }
        return ReadingEvent.of(productKey, deviceName, UUID.randomUUID().toString(), generateTime, Instant.now(),
                frame, parsed.reading());
    }

    /** Sends a fresh event of {@code reading} and waits until Kafka has it. */
    public ReadingEvent send(String productKey, String deviceName, MeterReading reading) {
        ReadingEvent event = event(productKey, deviceName, reading);
        send(event);
        return event;
    }

    /** Sends and waits until Kafka has the record. */
    public void send(ReadingEvent event) {
        await(producer.send(record(event)));
    }

    /** Sends many events, waiting once for all of them. */
    public void sendAll(List<ReadingEvent> events) {
        List<Future<?>> pending = new ArrayList<>(events.size());
        for (ReadingEvent e : events) {
            pending.add(producer.send(record(e)));
        }
        producer.flush();
        pending.forEach(ReadingEvents::await);
    }

    /** Raw bytes, for records that are not reading events at all. */
    public void sendRaw(String key, byte[] value) {
        await(producer.send(new ProducerRecord<>(TOPIC, key, value)));
    }

    private static ProducerRecord<String, byte[]> record(ReadingEvent e) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(TOPIC, e.deviceName(), ReadingEventCodec.toJson(e));
        r.headers().add("productKey", utf8(e.productKey()));
        r.headers().add("deviceName", utf8(e.deviceName()));
        if (e.messageId() != null) {
            r.headers().add("messageId", utf8(e.messageId()));
        }
        if (e.generateTime() != null) {
            r.headers().add("generateTime", utf8(Long.toString(e.generateTime().toEpochMilli())));
        }
        return r;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the record", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
