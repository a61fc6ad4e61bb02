package io.meterlink.alert.notification;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps engineers from being texted about the same thing over and over: an alert that stays open is notified again
 * only once the quiet period has passed since its last SMS, and a (meter, rule) that flaps (resolves and re-opens)
 * within the quiet period opens a new alert without a new SMS.
 */
public final class QuietPeriod {

    private final Duration period;

    public QuietPeriod(Duration period) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("meterlink.alert.notify.quiet-period must not be negative");
        }
        this.period = period;
    }

    public Duration period() {
        return period;
    }

    /** Whether an open, unacknowledged alert last notified at {@code lastNotifiedAt} deserves another SMS. */
    public boolean renotifyDue(Instant lastNotifiedAt, Instant now) {
        return lastNotifiedAt != null && !now.isBefore(lastNotifiedAt.plus(period));
    }

    /**
     * Whether a newly opened alert stays silent because the same meter and rule were notified at
     * {@code previousNotifiedAt} (null when never) within the quiet period.
     */
    public boolean silencesReopen(Instant previousNotifiedAt, Instant now) {
        return previousNotifiedAt != null && now.isBefore(previousNotifiedAt.plus(period));
    }
}
