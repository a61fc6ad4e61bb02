package io.meterlink.alert.repository;

/** Outbox state of one SMS. */
public enum SmsStatus {
    /** Waiting for its (next) attempt at {@code next_attempt_at}. */
    QUEUED,
    /** Accepted by Alibaba; {@code biz_id} identifies it there. */
    SENT,
    /** Given up; {@code last_error_code} says why. */
    FAILED
}
