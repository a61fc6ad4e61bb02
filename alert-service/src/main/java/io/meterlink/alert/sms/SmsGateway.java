package io.meterlink.alert.sms;

/** Sends one SMS; implemented over Alibaba's SDK, an interface so the dispatcher's policy is testable on its own. */
public interface SmsGateway {

    /** Never throws: every failure becomes an outcome the retry policy can judge. */
    SendOutcome send(SmsRequest request);
}
