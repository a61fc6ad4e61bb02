package io.meterlink.command.model;

/** Lifecycle of a bulk command job; see {@link #canMoveTo} for the allowed changes. */
public enum JobState {
    RUNNING,
    PAUSED,
    CANCELLED,
    COMPLETED;

    /**
     * Whether an operator may move a job from this state to {@code target}. Asking for the state a job is already in
     * is allowed (a retried request from a flaky network must not fail); finished jobs never change.
     */
    public boolean canMoveTo(JobState target) {
        if (target == this) {
            return true;
        }
        return switch (this) {
            case RUNNING -> target == PAUSED || target == CANCELLED;
            case PAUSED -> target == RUNNING || target == CANCELLED;
            case CANCELLED, COMPLETED -> false;
        };
    }
}
