package io.meterlink.alert.notification;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The template variables of a per-meter alert SMS: product, meter, rule, detail and time (local time of the
 * engineers, minutes precision).
 */
public final class AlertMessage {

    private final int maxParamLength;
    private final DateTimeFormatter time;

    public AlertMessage(int maxParamLength, ZoneId zone) {
        this.maxParamLength = maxParamLength;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
    }

    public TemplateParams params(String productKey, String deviceName, String rule, String detail, Instant openedAt) {
        return new TemplateParams(maxParamLength)
                .put("product", productKey)
                .put("meter", deviceName)
                .put("rule", rule)
                .put("detail", detail)
                .put("time", time.format(openedAt));
    }
}
