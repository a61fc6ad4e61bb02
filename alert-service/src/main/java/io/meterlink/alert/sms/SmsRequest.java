package io.meterlink.alert.sms;

/**
 * One SendSms call: a single number, so that per-number caps and statuses stay exact.
 *
 * @param templateParam JSON object of the template variables
 * @param outId         our id echoed in Alibaba's delivery receipts, to match them to the outbox row
 */
public record SmsRequest(String phoneNumber, String signName, String templateCode, String templateParam,
        String outId) {
}
