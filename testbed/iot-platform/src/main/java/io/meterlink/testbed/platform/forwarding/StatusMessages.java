package io.meterlink.testbed.platform.forwarding;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Alibaba's device status notification body, e.g.
 * {@code {"status":"online","productKey":"a1MeterLink","deviceName":"meter-000001","time":"2026-11-25 10:00:00.123",
 * "utcTime":"2026-11-25T02:00:00.123Z","lastTime":"...","utcLastTime":"...","clientIp":"127.0.0.1"}}; {@code time}
 * is the platform's local time (UTC+8 for cn-shanghai), {@code utc*} the same instants in UTC.
 */
public final class StatusMessages {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.of("Asia/Shanghai"));
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneId.of("UTC"));

    private StatusMessages() {
    }

    /** The topic a device's status changes are published on. */
    public static String topic(String productKey, String deviceName) {
        return "/as/mqtt/status/" + productKey + "/" + deviceName;
    }

    /**
     * The JSON body. Names are restricted by the registry and the IP comes from the socket, so none of the values
     * needs escaping.
     */
    public static byte[] body(boolean online, String productKey, String deviceName, long timeMs, long lastTimeMs,
            String clientIp) {
        Instant time = Instant.ofEpochMilli(timeMs);
        Instant last = Instant.ofEpochMilli(lastTimeMs);
        String json = "{\"status\":\"" + (online ? "online" : "offline") + "\""
                + ",\"productKey\":\"" + productKey + "\""
                + ",\"deviceName\":\"" + deviceName + "\""
                + ",\"time\":\"" + LOCAL.format(time) + "\""
                + ",\"utcTime\":\"" + UTC.format(time) + "\""
                + ",\"lastTime\":\"" + LOCAL.format(last) + "\""
                + ",\"utcLastTime\":\"" + UTC.format(last) + "\""
                + ",\"clientIp\":\"" + clientIp + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
