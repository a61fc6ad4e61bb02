package io.meterlink.alert.sms;

import java.time.Duration;
import java.time.Instant;

/**
 * Our own per-number limits, kept inside Alibaba's flow control (notification SMS: 50 a day per signature, template
 * and number) so that Alibaba never has to refuse us. Counts are per number and template, as Alibaba counts them.
 * A number over its minute or hour cap waits; a number over its daily cap is not texted again that day with this
 * template, since an alert delivered tomorrow is of no use.
 */
public final class SendCaps {

    /** Code stored for an SMS given up because the number reached its daily cap. */
    public static final String DAILY_CAP = "local.DAILY_CAP";

    /** Messages already sent to one number with one template. */
    public record Sent(long lastMinute, long lastHour, long lastDay) {
    }

    /** Send now ({@code allowed}), wait until {@code notBefore}, or give up ({@code exhausted}). */
    public record Verdict(boolean allowed, Instant notBefore, boolean exhausted) {

        static final Verdict ALLOW = new Verdict(true, null, false);
        static final Verdict EXHAUSTED = new Verdict(false, null, true);

        static Verdict waitUntil(Instant t) {
            return new Verdict(false, t, false);
        }
    }

    private final int perMinute;
    private final int perHour;
    private final int perDay;

    public SendCaps(int perMinute, int perHour, int perDay) {
        if (perMinute < 1 || perHour < 1 || perDay < 1) {
            throw new IllegalArgumentException("meterlink.alert.sms.caps.* must be at least 1");
        }
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.perDay = perDay;
    }

    /**
     * @param oldestInMinute oldest send within the last minute (null when none), used to know when a slot frees up;
     *                       likewise {@code oldestInHour}
     */
    public Verdict check(Sent sent, Instant oldestInMinute, Instant oldestInHour, Instant now) {
        if (sent.lastDay() >= perDay) {
            return Verdict.EXHAUSTED;
        }
        if (sent.lastHour() >= perHour) {
            return Verdict.waitUntil(freeAt(oldestInHour, Duration.ofHours(1), now));
        }
        if (sent.lastMinute() >= perMinute) {
            return Verdict.waitUntil(freeAt(oldestInMinute, Duration.ofMinutes(1), now));
        }
        return Verdict.ALLOW;
    }

    private static Instant freeAt(Instant oldest, Duration span, Instant now) {
        Instant t = oldest == null ? now.plus(span) : oldest.plus(span);
        return t.isAfter(now) ? t : now.plusSeconds(1);
    }
}
