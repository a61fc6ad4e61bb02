package io.meterlink.testbed.cloudapi;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the OpenAPI stand-in behaves: who may call it, how strict it is about time, how much traffic it
 * takes, and which SMS signatures and templates exist. Build with {@link #builder()}; every setting has
 * a default that matches Alibaba's (15-minute timestamp window, no quota unless set, region cn-shanghai).
 *
 * @param accessKeys      AccessKey secret by AccessKey ID; a request signed with any other ID is refused
 *                        with {@code InvalidAccessKeyId.NotFound}
 * @param timestampWindow how far a request's {@code Timestamp}/{@code x-acs-date} may be from the server clock,
 *                        either way, before {@code InvalidTimeStamp.Expired}
 * @param quotas          per action ({@code Pub}, {@code SendSms}): at most {@code permits} calls per
 *                        {@code period}, then {@code Throttling.User}; absent = unlimited
 * @param regionId        region the stand-in pretends to be in (used in {@code HostId})
 * @param clock           the server clock timestamps are checked against (shift it to test expiry)
 * @param host            address to bind, {@code 127.0.0.1} by default
 * @param port            port to bind, 0 (any free port) by default
 * @param smsSignNames    approved SMS signatures; empty = any signature is accepted
 * @param smsTemplates    approved SMS templates with the variables each needs; empty = any template
 */
public record CloudApiSettings(Map<String, String> accessKeys, Duration timestampWindow, Map<String, Quota> quotas,
        String regionId, Clock clock, String host, int port, Set<String> smsSignNames,
        Map<String, Set<String>> smsTemplates) {

    /** AccessKey ID used when none is configured (testbed only, never a real key). */
    public static final String DEFAULT_ACCESS_KEY_ID = "LTAI5tMeterLinkTestbed";
    /** Secret of {@link #DEFAULT_ACCESS_KEY_ID}. */
    public static final String DEFAULT_ACCESS_KEY_SECRET = "meterlink-testbed-secret";
    public static final Duration DEFAULT_TIMESTAMP_WINDOW = Duration.ofMinutes(15);
    public static final String DEFAULT_REGION_ID = "cn-shanghai";

    /** At most {@code permits} calls in any sliding {@code period}. */
    public record Quota(int permits, Duration period) {
        public Quota {
            if (permits < 1) {
                throw new IllegalArgumentException("quota permits must be >= 1, got " + permits);
            }
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("quota period must be positive, got " + period);
            }
        }
    }

    public CloudApiSettings {
        accessKeys = Map.copyOf(accessKeys);
        quotas = Map.copyOf(quotas);
        smsSignNames = Set.copyOf(smsSignNames);
        Map<String, Set<String>> templates = new LinkedHashMap<>();
        smsTemplates.forEach((code, vars) -> templates.put(code, Set.copyOf(vars)));
        smsTemplates = Map.copyOf(templates);
        Objects.requireNonNull(timestampWindow, "timestampWindow");
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(host, "host");
        if (accessKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one access key is needed");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings with every default: the {@link #DEFAULT_ACCESS_KEY_ID} key, any free port. */
    public static CloudApiSettings defaults() {
        return builder().build();
    }

    /** Builder for {@link CloudApiSettings}. */
    public static final class Builder {
        private final Map<String, String> accessKeys = new LinkedHashMap<>();
        private Duration timestampWindow = DEFAULT_TIMESTAMP_WINDOW;
        private final Map<String, Quota> quotas = new LinkedHashMap<>();
        private String regionId = DEFAULT_REGION_ID;
        private Clock clock = Clock.systemUTC();
        private String host = "127.0.0.1";
        private int port;
        private final Set<String> smsSignNames = new LinkedHashSet<>();
        private final Map<String, Set<String>> smsTemplates = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds an AccessKey pair that may call the API (replaces the default key). */
        public Builder accessKey(String accessKeyId, String accessKeySecret) {
            if (accessKeyId == null || accessKeyId.isBlank() || accessKeySecret == null || accessKeySecret.isEmpty()) {
                throw new IllegalArgumentException("accessKeyId and accessKeySecret must not be empty");
            }
            accessKeys.put(accessKeyId, accessKeySecret);
            return this;
        }

        /** Adds every pair of {@code secretsById}. */
        public Builder accessKeys(Map<String, String> secretsById) {
            secretsById.forEach(this::accessKey);
            return this;
        }

        public Builder timestampWindow(Duration window) {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("timestampWindow must be positive, got " + window);
            }
            this.timestampWindow = window;
            return this;
        }

        /** At most {@code permits} calls of {@code action} per second (Alibaba's QPS limits). */
        public Builder qps(String action, int permits) {
            return quota(action, permits, Duration.ofSeconds(1));
        }

        /** At most {@code permits} calls of {@code action} in any sliding {@code period}. */
        public Builder quota(String action, int permits, Duration period) {
            quotas.put(Objects.requireNonNull(action, "action"), new Quota(permits, period));
            return this;
        }

        public Builder regionId(String regionId) {
            this.regionId = regionId;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Declares approved SMS signatures; once any is declared, others get {@code isv.SMS_SIGNATURE_ILLEGAL}. */
        public Builder smsSignNames(String... signNames) {
            smsSignNames.addAll(List.of(signNames));
            return this;
        }

        /**
         * Declares an approved SMS template and the variables its text uses; once any is declared, other
         * codes get {@code isv.SMS_TEMPLATE_ILLEGAL}, and a {@code TemplateParam} lacking a variable gets
         * {@code isv.TEMPLATE_MISSING_PARAMETERS}.
         */
        public Builder smsTemplate(String templateCode, String... variables) {
            smsTemplates.put(Objects.requireNonNull(templateCode, "templateCode"), new LinkedHashSet<>(List.of(variables)));
            return this;
        }

        public CloudApiSettings build() {
            Map<String, String> keys = accessKeys.isEmpty()
                    ? Map.of(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
                    : accessKeys;
            return new CloudApiSettings(keys, timestampWindow, quotas, regionId, clock, host, port, smsSignNames,
                    smsTemplates);
        }
    }

    /** Never prints secrets: records would otherwise include {@link #accessKeys} values. */
    @Override
    public String toString() {
        return "CloudApiSettings[accessKeyIds=" + accessKeys.keySet() + ", timestampWindow=" + timestampWindow
                + ", quotas=" + quotas + ", regionId=" + regionId + ", host=" + host + ", port=" + port
                + ", smsSignNames=" + smsSignNames + ", smsTemplates=" + smsTemplates.keySet() + "]";
    }
}
