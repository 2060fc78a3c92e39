package io.github.nginxmodelsync.sync;

/**
 * Counts consecutive failures so that a streak is logged once when it starts (or when its cause changes)
 * and once when it ends, never on every poll.
 */
final class FailureStreak {

    private int failures;
    private String cause;

    /** Records a failure; true when it should be logged as a warning. */
    boolean failed(String kind) {
        failures++;
        boolean news = failures == 1 || !kind.equals(cause);
        cause = kind;
        return news;
    }

    /** Records a success; returns how many failures it ended (0 when there was no streak). */
    int succeeded() {
        int ended = failures;
        failures = 0;
        cause = null;
        return ended;
    }

    int failures() {
        return failures;
    }
}
