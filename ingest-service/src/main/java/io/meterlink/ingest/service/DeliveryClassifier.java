package io.meterlink.ingest.service;

import io.meterlink.domain.frame.DataFrameCodec;
import io.meterlink.domain.frame.DataFrameResult;
import io.meterlink.domain.topic.DeviceIdentityRules;
import io.meterlink.domain.topic.PlatformTopic;
import io.meterlink.domain.topic.TopicDirection;
import io.meterlink.domain.topic.TopicMapping;
import io.meterlink.domain.topic.TopicParse;

import java.time.Duration;

/**
 * Decides whether a delivery is a storable reading (or a device status notification to pass on). Checks run cheapest first and stop at the first problem; every
 * problem becomes a {@link Verdict.Rejected} with a stable reason, never an exception, because bad input is routine
 * (noisy modems, misconfigured rules) and must be counted and kept, not crash the batch.
 */
public final class DeliveryClassifier {

    /** Alibaba's device status notification topic, followed by {@code <productKey>/<deviceName>}. */
    public static final String STATUS_PREFIX = "/as/mqtt/status/";

    private static final long MS_PER_DAY = 86_400_000L;

    private final int maxPayloadBytes;
    private final long maxClockSkewMs;
    private final long retentionMs;

    /**
     * @param maxPayloadBytes larger payloads are {@code oversize}
     * @param maxClockSkew    how far generateTime may lie in the future
     * @param retentionDays   readings older than this would be dropped by retention at once: rejected instead
     */
    public DeliveryClassifier(int maxPayloadBytes, Duration maxClockSkew, int retentionDays) {
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive");
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxClockSkewMs = maxClockSkew.toMillis();
        this.retentionMs = retentionDays * MS_PER_DAY;
    }

    public Verdict classify(Delivery delivery, long nowMs) {
        byte[] payload = delivery.payload();
        String messageId = blankToNull(delivery.messageId());
        Long generateTime = generateTimeOrNull(delivery.generateTime());
        // Name the meter in every rejection the topic allows, even when the payload is what is wrong.
        String knownProductKey = null;
        String knownDeviceName = null;
        if (delivery.topic() != null
                && TopicMapping.parseOrReason(delivery.topic()) instanceof TopicParse.Parsed parsedTopic) {
            knownProductKey = parsedTopic.topic().productKey();
            knownDeviceName = parsedTopic.topic().deviceName();
        }
        if (payload == null) {
            return reject(delivery, IngestRejection.UNSUPPORTED_BODY, "the AMQP body is not binary data",
                    knownProductKey, knownDeviceName, messageId, generateTime);
        }
        if (payload.length > maxPayloadBytes) {
            return reject(delivery, IngestRejection.OVERSIZE, "payload is " + payload.length + " bytes, max "
                    + maxPayloadBytes, knownProductKey, knownDeviceName, messageId, generateTime);
        }
        if (delivery.topic() == null) {
            return reject(delivery, IngestRejection.MISSING_PROPERTY, "application property topic is missing", null,
                    null, messageId, generateTime);
        }
        if (delivery.topic().startsWith(STATUS_PREFIX)) {
            return deviceStatus(delivery, messageId, generateTime, nowMs);
        }
        TopicParse parsed = TopicMapping.parseOrReason(delivery.topic());
        if (parsed instanceof TopicParse.Rejected rejected) {
            return reject(delivery, IngestRejection.UNKNOWN_TOPIC, rejected.reason(), null, null, messageId,
                    generateTime);
        }
        PlatformTopic topic = ((TopicParse.Parsed) parsed).topic();
        if (topic.direction() != TopicDirection.DATA_UP) {
            return reject(delivery, IngestRejection.UNKNOWN_TOPIC, "topic '" + delivery.topic()
                    + "' is not a data-up topic", topic.productKey(), topic.deviceName(), messageId, generateTime);
        }
        Verdict.Rejected problem = propertyProblem(delivery, topic.productKey(), topic.deviceName(), messageId,
                generateTime, nowMs);
        if (problem != null) {
            return problem;
        }
        DataFrameResult frame = DataFrameCodec.parse(payload);
        if (frame instanceof DataFrameResult.Rejected rejected) {
            return new Verdict.Rejected(delivery, rejected.rejection().reason().code(),
                    rejected.rejection().message(), topic.productKey(), topic.deviceName(), messageId, generateTime);
        }
        return new Verdict.Accepted(delivery, topic.productKey(), topic.deviceName(), messageId, generateTime,
                ((DataFrameResult.Parsed) frame).reading());
    }

    /** {@code /as/mqtt/status/<productKey>/<deviceName>} with the same property rules as data. */
    private Verdict deviceStatus(Delivery delivery, String messageId, Long generateTime, long nowMs) {
        String rest = delivery.topic().substring(STATUS_PREFIX.length());
        int slash = rest.indexOf('/');
        String productKey = slash < 0 ? rest : rest.substring(0, slash);
        String deviceName = slash < 0 ? "" : rest.substring(slash + 1);
        if (slash < 0 || deviceName.indexOf('/') >= 0 || !DeviceIdentityRules.isValidProductKey(productKey)
                || !DeviceIdentityRules.isValidDeviceName(deviceName)) {
            return reject(delivery, IngestRejection.UNKNOWN_TOPIC, "topic '" + delivery.topic()
                    + "' is not /as/mqtt/status/<productKey>/<deviceName>", null, null, messageId, generateTime);
        }
        Verdict.Rejected problem = propertyProblem(delivery, productKey, deviceName, messageId, generateTime, nowMs);
        if (problem != null) {
            return problem;
        }
        return new Verdict.DeviceStatus(delivery, productKey, deviceName, messageId, generateTime);
    }

    /** The first problem with messageId or generateTime, or null. */
    private Verdict.Rejected propertyProblem(Delivery delivery, String productKey, String deviceName,
            String messageId, Long generateTime, long nowMs) {
        if (messageId == null) {
            return reject(delivery, IngestRejection.MISSING_PROPERTY, "application property messageId is missing",
                    productKey, deviceName, null, generateTime);
        }
        if (messageId.indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold U+0000: storing it would fail the whole batch on every redelivery.
            return reject(delivery, IngestRejection.INVALID_PROPERTY, "messageId contains U+0000, which PostgreSQL"
                    + " cannot store (kept with U+FFFD in its place)", productKey, deviceName, messageId, generateTime);
        }
        if (delivery.generateTime() == null) {
            return reject(delivery, IngestRejection.MISSING_PROPERTY,
                    "application property generateTime is missing", productKey, deviceName, messageId, null);
        }
        if (generateTime == null) {
            return reject(delivery, IngestRejection.INVALID_PROPERTY, "generateTime '"
                    + shorten(delivery.generateTime()) + "' is not epoch milliseconds", productKey, deviceName,
                    messageId, null);
        }
        if (generateTime > nowMs + maxClockSkewMs) {
            return reject(delivery, IngestRejection.INVALID_PROPERTY, "generateTime " + generateTime + " is "
                    + (generateTime - nowMs) + " ms in the future", productKey, deviceName, messageId, generateTime);
        }
        if (generateTime < nowMs - retentionMs) {
            return reject(delivery, IngestRejection.INVALID_PROPERTY, "generateTime " + generateTime
                    + " is older than the retention period", productKey, deviceName, messageId, generateTime);
        }
        return null;
    }

    private static Verdict.Rejected reject(Delivery delivery, IngestRejection reason, String detail,
            String productKey, String deviceName, String messageId, Long generateTime) {
        return new Verdict.Rejected(delivery, reason.code(), detail, productKey, deviceName, messageId, generateTime);
    }

    /** Epoch milliseconds from an integral number or a decimal string; null for anything else. */
    static Long generateTimeOrNull(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            long ms = ((Number) value).longValue();
            return ms > 0 ? ms : null;
        }
        if (value instanceof CharSequence text) {
            int n = text.length();
            if (n == 0 || n > 18) {
                return null;
            }
            long ms = 0;
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                ms = ms * 10 + (c - '0');
            }
            return ms > 0 ? ms : null;
        }
        return null;
    }

    /**
     * {@code text} with every U+0000 (which PostgreSQL's text type refuses) replaced by U+FFFD; what a rejection keeps of
     * a delivery's text properties.
     */
    public static String storableText(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String shorten(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
