package io.meterlink.domain.topic;

import io.meterlink.domain.topic.TopicParse.Parsed;
import io.meterlink.domain.topic.TopicParse.Rejected;
import java.util.Optional;

/**
 * Translates between meter identities, platform topic strings and the legacy broker topics.
 * Parsing accepts exactly the two custom topic shapes and nothing else (no wildcards, no
 * {@code /sys/...} topics, no extra levels), so a forwarded message can always be attributed to
 * exactly one meter and direction.
 */
public final class TopicMapping {

    public static final String LEGACY_DATA_POST = "cdb/data/post";
    public static final String LEGACY_CMD_PUSH = "cdb/cmd/push";

    /** Levels of a meter topic: productKey, deviceName and three suffix levels. */
    private static final int LEVELS = 5;

    private TopicMapping() {
    }

    /** {@code /<pk>/<dn>/user/data/up}; throws {@link IllegalArgumentException} naming the bad name. */
    public static PlatformTopic dataUp(String productKey, String deviceName) {
        return new PlatformTopic(productKey, deviceName, TopicDirection.DATA_UP);
    }

    /** {@code /<pk>/<dn>/user/cmd/down}; throws {@link IllegalArgumentException} naming the bad name. */
    public static PlatformTopic cmdDown(String productKey, String deviceName) {
        return new PlatformTopic(productKey, deviceName, TopicDirection.CMD_DOWN);
    }

    /** The meter topic, or empty for any other string. Never throws. */
    public static Optional<PlatformTopic> parse(String topic) {
        return parseOrReason(topic) instanceof Parsed parsed ? Optional.of(parsed.topic()) : Optional.empty();
    }

    /** The meter topic, or why the string is not one. Never throws. */
    public static TopicParse parseOrReason(String topic) {
        if (topic == null || topic.isEmpty()) {
            return new Rejected("topic is empty");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return new Rejected("topic '" + topic + "' contains a wildcard");
        }
        if (topic.charAt(0) != '/') {
            return new Rejected("topic '" + topic + "' does not start with '/'");
        }
        int levels = 0;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                levels++;
            }
        }
        if (levels != LEVELS) {
            return new Rejected("topic '" + topic + "' has " + levels + " levels, expected " + LEVELS
                    + " (/<productKey>/<deviceName>/user/data/up or .../user/cmd/down)");
        }
        int pkEnd = topic.indexOf('/', 1);
        int dnEnd = topic.indexOf('/', pkEnd + 1);
        String suffix = topic.substring(dnEnd + 1);
        TopicDirection direction = null;
        for (TopicDirection d : TopicDirection.values()) {
            if (d.suffix().equals(suffix)) {
                direction = d;
            }
        }
        if (direction == null) {
            return new Rejected("topic '" + topic + "' does not end in /" + TopicDirection.DATA_UP.suffix()
                    + " or /" + TopicDirection.CMD_DOWN.suffix());
        }
        String productKey = topic.substring(1, pkEnd);
        String deviceName = topic.substring(pkEnd + 1, dnEnd);
        Optional<String> problem = DeviceIdentityRules.productKeyProblem(productKey)
                .or(() -> DeviceIdentityRules.deviceNameProblem(deviceName));
        if (problem.isPresent()) {
            return new Rejected("topic '" + topic + "': " + problem.get());
        }
        return new Parsed(new PlatformTopic(productKey, deviceName, direction));
    }

    /**
     * The direction a legacy broker topic corresponds to.
     *
     * @throws IllegalArgumentException for any topic other than the two legacy ones
     */
    public static TopicDirection fromLegacy(String legacyTopic) {
        for (TopicDirection d : TopicDirection.values()) {
            if (d.legacyTopic().equals(legacyTopic)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown legacy topic '" + legacyTopic + "', expected "
                + LEGACY_DATA_POST + " or " + LEGACY_CMD_PUSH);
    }

    /** The platform topic carrying what the meter used to send or receive on {@code legacyTopic}. */
    public static PlatformTopic fromLegacy(String legacyTopic, String productKey, String deviceName) {
        return new PlatformTopic(productKey, deviceName, fromLegacy(legacyTopic));
    }
}
