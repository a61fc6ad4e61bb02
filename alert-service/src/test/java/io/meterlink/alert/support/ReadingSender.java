package io.meterlink.alert.support;

import io.meterlink.domain.event.ReadingEvent;
import io.meterlink.domain.event.ReadingEventCodec;
import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.MeterReading;
import io.meterlink.domain.frame.StatusBit;
import io.meterlink.domain.frame.StatusBits;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Publishes reading events to {@code meter.readings} the way ingest does: JSON from meter-domain's codec, key =
 * device name, headers productKey, deviceName, messageId, generateTime.
 */
public final class ReadingSender implements AutoCloseable {

    public static final String TOPIC = "meter.readings";

    private final KafkaProducer<String, byte[]> producer;

    public ReadingSender() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A healthy reading: relay closed, power on, good signal, no alarm. */
    public static MeterReading normal(long energy) {
        return MeterReading.of(10, 25, StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON), 0, energy);
    }

    public static MeterReading alarm(int code, long energy) {
        return MeterReading.of(10, 25, StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON), code, energy);
    }

    public static MeterReading withBit(StatusBit bit, long energy) {
        return MeterReading.of(10, 25, StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON).with(bit), 0,
                energy);
    }

    public static MeterReading signal(int csq, long energy) {
        return MeterReading.of(10, csq, StatusBits.of(StatusBit.RELAY_CLOSED, StatusBit.POWER_ON), 0, energy);
    }

    /** An event as ingest would publish it, with a fresh message id. */
    public static ReadingEvent event(String productKey, String deviceName, MeterReading reading) {
        Instant now = Instant.now();
        return ReadingEvent.of(productKey, deviceName, UUID.randomUUID().toString(), now, now,
                DataFrameCodec.format(reading), reading);
    }

    /** Sends and waits until Kafka has the record. */
    public ReadingEvent send(String productKey, String deviceName, MeterReading reading) {
        ReadingEvent event = event(productKey, deviceName, reading);
        send(event);
        return event;
    }

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
        pending.forEach(ReadingSender::await);
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
