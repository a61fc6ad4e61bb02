package io.meterlink.testbed.cloudapi;

import java.time.Instant;
import java.util.List;

/**
 * One SMS that {@code SendSms} accepted: what a person would have received. This is how tests (and
 * people, through {@code GET /sms}) check what alert-service sent.
 *
 * @param bizId         the {@code BizId} answered to the caller
 * @param phoneNumbers  the numbers exactly as listed in {@code PhoneNumbers}, in order
 * @param templateParam the {@code TemplateParam} JSON string as sent, or null for templates without variables
 * @param outId         the caller's {@code OutId}, or null
 */
public record SentSms(String bizId, List<String> phoneNumbers, String signName, String templateCode,
        String templateParam, String outId, Instant receivedAt) {

    public SentSms {
        phoneNumbers = List.copyOf(phoneNumbers);
    }

    /** Whether {@code phone} is among the recipients, ignoring a {@code +86}/{@code 0086} prefix on either side. */
    public boolean sentTo(String phone) {
        String wanted = SmsRules.nationalNumber(phone);
        return phoneNumbers.stream().anyMatch(p -> SmsRules.nationalNumber(p).equals(wanted));
    }
}
