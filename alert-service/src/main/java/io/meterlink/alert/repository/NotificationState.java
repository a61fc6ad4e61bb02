package io.meterlink.alert.repository;

/** How engineers learnt (or will learn) about an opened alert. */
public enum NotificationState {
    /** Texted on its own. */
    INDIVIDUAL,
    /** Part of a storm, waiting for the summary SMS. */
    SUMMARY_PENDING,
    /** Counted in a storm summary SMS ({@code summary_id}). */
    SUMMARIZED,
    /** Same meter and rule were texted within the quiet period: recorded without a new SMS. */
    SILENCED,
    /**
     * Opened by a reading older than {@code meterlink.alert.readings.notify-max-age} (a replay, a first deployment's
     * backlog): recorded without SMS; texted (then {@link #INDIVIDUAL}) when a newer reading still shows it.
     */
    BACKLOG,
    /** No on-call number is configured for its product or as default. */
    NO_RECIPIENT
}
