package io.meterlink.alert.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@code TemplateParam} JSON of a SendSms call. Alibaba limits the length of each template variable, so
 * values are cut to a configured length (and marked with {@code ~}) rather than the whole SMS being refused.
 */
public final class TemplateParams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxValueLength;
    private final Map<String, String> values = new LinkedHashMap<>();

    public TemplateParams(int maxValueLength) {
        if (maxValueLength < 2) {
            throw new IllegalArgumentException("meterlink.alert.sms.max-param-length must be at least 2");
        }
        this.maxValueLength = maxValueLength;
    }

    public TemplateParams put(String name, String value) {
        String v = value == null ? "" : value;
        values.put(name, v.length() <= maxValueLength ? v : v.substring(0, maxValueLength - 1) + "~");
        return this;
    }

    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template parameters of plain strings cannot fail to serialize", e);
        }
    }
}
