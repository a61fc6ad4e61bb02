package io.meterlink.domain.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The single JSON encoding of {@link ReadingEvent}, shared by producer and consumers so the wire
 * shape cannot drift between services. Unknown properties are ignored so producers may add fields
 * before every consumer is upgraded; an unknown {@code schemaVersion} is refused because its
 * meaning cannot be guessed. Timestamps are ISO-8601 strings.
 *
 * <p>Uses its own {@link ObjectMapper} rather than a framework-provided one, so service-level
 * Jackson settings cannot change the event format.
 */
public final class ReadingEventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Fields without which an event is meaningless; absent numbers would otherwise read as 0. */
    private static final String[] REQUIRED = {"productKey", "deviceName", "receivedAt", "payload", "reading"};
    private static final String[] REQUIRED_IN_READING = {"frameType", "protocolVersion", "firmwareVersion",
        "signalQuality", "status", "alarmCode", "energyHundredthsKwh"};

    private ReadingEventCodec() {
    }

    public static byte[] toJson(ReadingEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize reading event", e);
        }
    }

    /** Same as {@link #toJson} as text, for logs and tests. */
    public static String toJsonString(ReadingEvent event) {
        return new String(toJson(event), StandardCharsets.UTF_8);
    }

    /**
     * Reads an event and checks its reading values; derived fields ({@code statusFlags},
     * {@code alarm}, {@code energyKwh}) are recomputed from the primary ones so they are always
     * consistent.
     *
     * @throws IllegalArgumentException on malformed JSON, an unsupported {@code schemaVersion} or
     *                                  missing/invalid values
     */
    public static ReadingEvent fromJson(byte[] json) {
        if (json == null) {
            throw new IllegalArgumentException("reading event JSON is null");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reading event is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("reading event is not valid JSON: " + e.getMessage(), e);
        }
        return fromTree(tree);
    }

    /** Same as {@link #fromJson(byte[])}. */
    public static ReadingEvent fromJson(String json) {
        if (json == null) {
            throw new IllegalArgumentException("reading event JSON is null");
        }
        return fromJson(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ReadingEvent fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("reading event JSON is not an object");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isIntegralNumber()) {
            throw new IllegalArgumentException("reading event has no integer schemaVersion");
        }
        if (version.asLong() != ReadingEvent.CURRENT_SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported reading event schemaVersion " + version.asText()
                    + " (supported: " + ReadingEvent.CURRENT_SCHEMA_VERSION + ")");
        }
        requireFields(tree, REQUIRED, "");
        requireFields(tree.get("reading"), REQUIRED_IN_READING, "reading.");
        ReadingEvent event;
        try {
            event = MAPPER.treeToValue(tree, ReadingEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid reading event: " + e.getOriginalMessage(), e);
        }
        return new ReadingEvent(event.schemaVersion(), event.productKey(), event.deviceName(), event.messageId(),
                event.generateTime(), event.receivedAt(), event.payload(),
                ReadingEvent.Reading.of(event.reading().toMeterReading()));
    }

    private static void requireFields(JsonNode node, String[] names, String prefix) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("reading event field " + prefix.replace(".", "") + " is not an object");
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new IllegalArgumentException("reading event lacks " + prefix + name);
            }
        }
    }
}
