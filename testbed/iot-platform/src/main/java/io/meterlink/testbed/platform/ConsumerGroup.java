package io.meterlink.testbed.platform;

import java.util.regex.Pattern;

/**
 * An AMQP server-side subscription consumer group and what the rules engine forwards to it: device data
 * ({@code /${pk}/+/user/data/up}) and, when opted in, device status ({@code /as/mqtt/status/${pk}/${dn}}).
 *
 * @param id     the consumerGroupId backends name in their aksign login; 1-64 of {@code A-Z a-z 0-9 _ -}
 * @param data   forward what devices publish on their data/up topic
 * @param status forward online/offline status messages
 */
public record ConsumerGroup(String id, boolean data, boolean status) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ConsumerGroup {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("consumer group id '" + id + "' must be 1-64 of A-Z a-z 0-9 _ -");
        }
        if (!data && !status) {
            throw new IllegalArgumentException("consumer group " + id + " forwards nothing: enable data or status");
        }
    }

    /** A group receiving device data only. */
    public static ConsumerGroup data(String id) {
        return new ConsumerGroup(id, true, false);
    }

    /** A group receiving device data and online/offline status. */
    public static ConsumerGroup dataAndStatus(String id) {
        return new ConsumerGroup(id, true, true);
    }

    /**
     * Parses {@code id}, {@code id:data}, {@code id:status} or {@code id:data+status} (command lines and init args);
     * a bare id means data and status.
     */
    public static ConsumerGroup parse(String spec) {
        String text = spec.strip();
        int colon = text.indexOf(':');
        if (colon < 0) {
            return dataAndStatus(text);
        }
        String id = text.substring(0, colon);
        boolean data = false;
        boolean status = false;
        for (String part : text.substring(colon + 1).split("\\+")) {
            switch (part.strip()) {
                case "data" -> data = true;
                case "status" -> status = true;
                default -> throw new IllegalArgumentException("consumer group '" + spec
                        + "': unknown option '" + part + "', expected data, status or data+status");
            }
        }
        return new ConsumerGroup(id, data, status);
    }
}
