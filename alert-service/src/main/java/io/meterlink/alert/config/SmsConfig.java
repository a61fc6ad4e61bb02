package io.meterlink.alert.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Alibaba Cloud SMS and the outbox that feeds it. */
@ConfigMapping(prefix = "meterlink.alert.sms")
public interface SmsConfig {

    /** SendSms endpoint: dysmsapi.aliyuncs.com, or host:port of a stand-in. */
    @WithDefault("dysmsapi.aliyuncs.com")
    String endpoint();

    /** HTTPS in production; HTTP only for a local stand-in. */
    @WithDefault("HTTPS")
    String protocol();

    /** Region of the SMS service. */
    @WithDefault("cn-hangzhou")
    String regionId();

    /** RAM AccessKey id allowed to call SendSms; required. */
    String accessKeyId();

    /** Its secret, required; only ever read from the environment or a secret store, never logged. */
    String accessKeySecret();

    /** Approved SMS signature (SignName); required. */
    String signName();

    /** Template of a per-meter alert, required; variables: product, meter, rule, detail, time. */
    String alertTemplate();

    /** Template of a storm summary, required; variables: count, window, rules, products. */
    String summaryTemplate();

    /** Time zone of the time shown in alert SMS (the engineers' local time). */
    @WithDefault("Asia/Shanghai")
    String timeZone();

    /** Longest value of one template variable; longer ones are cut (Alibaba refuses over-long variables). */
    @WithDefault("35")
    int maxParamLength();

    /** Connect timeout of a SendSms call. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Read timeout of a SendSms call. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Sending threads per replica; every thread claims one SMS at a time with SKIP LOCKED (I/O bound). */
    @WithDefault("4")
    int workers();

    /** How often idle workers look for due SMS (fresh ones wake them at once). */
    @WithDefault("1s")
    Duration pollInterval();

    Retry retry();

    Caps caps();

    /** What happens after a failed SendSms. */
    interface Retry {
        /** Codes retried with backoff (entry ending in * = prefix match, else exact); the rest fail at once. */
        @WithDefault("isv.BUSINESS_LIMIT_CONTROL,Throttling*,isp.SYSTEM_ERROR,isp.GATEWAY_ERROR,ServiceUnavailable,"
                + "InternalError")
        List<String> retryableCodes();

        /** Wait before the second attempt; doubles per attempt. */
        @WithDefault("5s")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("5m")
        Duration maxBackoff();

        /** Attempts in total before a retryable failure becomes final. */
        @WithDefault("10")
        int maxAttempts();
    }

    /** Per-number, per-template limits kept below Alibaba's flow control. */
    interface Caps {
        /** SMS per number and template within any minute. */
        @WithDefault("5")
        int perMinute();

        /** SMS per number and template within any hour. */
        @WithDefault("20")
        int perHour();

        /** SMS per number and template within any day (Alibaba: 50 a day for notifications). */
        @WithDefault("50")
        int perDay();
    }
}
