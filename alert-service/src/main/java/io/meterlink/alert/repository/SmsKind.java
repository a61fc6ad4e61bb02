package io.meterlink.alert.repository;

/** Whether an SMS tells about one alert or summarizes a storm. */
public enum SmsKind {
    ALERT, SUMMARY
}
