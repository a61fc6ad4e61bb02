package io.meterlink.alert.config;

import io.meterlink.alert.notification.AlertMessage;
import io.meterlink.alert.notification.QuietPeriod;
import io.meterlink.alert.notification.StormGate;
import io.meterlink.alert.notification.SummaryComposer;
import io.meterlink.alert.rule.ReadingRules;
import io.meterlink.alert.sms.AlibabaSmsGateway;
import io.meterlink.alert.sms.RetryPolicy;
import io.meterlink.alert.sms.SendCaps;
import io.meterlink.alert.sms.SmsGateway;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.ZoneId;

/**
 * Turns the typed configuration into the plain policy objects the services use, once, at start-up, so that a bad
 * value (unknown status bit, negative window) stops the service with a message naming the property.
 */
@Singleton
public class Policies {

    @Produces
    @Singleton
    ReadingRules readingRules(RulesConfig rules) {
        return new ReadingRules(rules.toSettings());
    }

    @Produces
    @Singleton
    StormGate stormGate(NotifyConfig notify) {
        return new StormGate(notify.storm().threshold(), notify.storm().window());
    }

    @Produces
    @Singleton
    QuietPeriod quietPeriod(NotifyConfig notify) {
        return new QuietPeriod(notify.quietPeriod());
    }

    @Produces
    @Singleton
    AlertMessage alertMessage(SmsConfig sms) {
        return new AlertMessage(sms.maxParamLength(), ZoneId.of(sms.timeZone()));
    }

    @Produces
    @Singleton
    SummaryComposer summaryComposer(SmsConfig sms) {
        return new SummaryComposer(sms.maxParamLength());
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy(SmsConfig sms) {
        return new RetryPolicy(sms.retry().retryableCodes(), sms.retry().initialBackoff(), sms.retry().maxBackoff(),
                sms.retry().maxAttempts());
    }

    @Produces
    @Singleton
    SendCaps sendCaps(SmsConfig sms) {
        return new SendCaps(sms.caps().perMinute(), sms.caps().perHour(), sms.caps().perDay());
    }

    @Produces
    @Singleton
    SmsGateway smsGateway(SmsConfig sms) {
        return new AlibabaSmsGateway(new AlibabaSmsGateway.Settings(sms.endpoint(), sms.protocol(), sms.regionId(),
                sms.accessKeyId(), sms.accessKeySecret(), (int) sms.connectTimeout().toMillis(),
                (int) sms.readTimeout().toMillis()));
    }
}
