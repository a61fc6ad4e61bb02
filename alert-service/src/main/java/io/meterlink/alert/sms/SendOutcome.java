package io.meterlink.alert.sms;

/**
 * What a SendSms attempt came to: accepted with a BizId, refused with Alibaba's error code, or no answer at all.
 */
public sealed interface SendOutcome {

    /** Alibaba accepted the SMS for delivery. */
    record Accepted(String bizId, String requestId) implements SendOutcome {
    }

    /** Alibaba answered with an error code such as {@code isv.BUSINESS_LIMIT_CONTROL}. */
    record Refused(String code, String message) implements SendOutcome {
    }

    /** No answer (connection refused, timeout): the SMS may or may not have been accepted. */
    record Unreachable(String reason) implements SendOutcome {
    }
}
