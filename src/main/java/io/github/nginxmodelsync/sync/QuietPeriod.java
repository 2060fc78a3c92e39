package io.github.nginxmodelsync.sync;

import java.time.Duration;

/**
 * Decides when a polled change may be applied: once the rendered configuration has stayed the same for
 * RELOAD_SETTLE, or once it has kept changing for {@value #MAX_FACTOR} times that long. A burst of changes
 * (a model server registering its models one by one) then costs one reload instead of one per poll.
 *
 * <p>Pure: the caller passes the time ({@link System#nanoTime()}) and re-polls after RELOAD_SETTLE while the
 * answer is "wait".
 */
final class QuietPeriod {

    /** A change that keeps changing is applied after at most this many settle periods. */
    static final int MAX_FACTOR = 10;

    private final long settle;
    private final long max;

    /** The render waiting to settle, or null when none is. */
    private String hash;
    private long firstSeen;
    private long lastChanged;

    QuietPeriod(Duration settle) {
        this.settle = Math.max(0, settle.toNanos());
        this.max = this.settle * MAX_FACTOR;
    }

    /** Whether a change to {@code sha} seen at {@code now} may be applied now; false means: look again later. */
    boolean ready(String sha, long now) {
        if (settle == 0) {
            return true;
        }
        if (hash == null) {
            hash = sha;
            firstSeen = now;
            lastChanged = now;
            return false;
        }
        if (!hash.equals(sha)) {
            hash = sha;
            lastChanged = now;
        }
        if (now - lastChanged >= settle || now - firstSeen >= max) {
            hash = null;
            return true;
        }
        return false;
    }

    /** Whether a change is waiting to settle. */
    boolean waiting() {
        return hash != null;
    }

    /** Forgets the waiting change: it was applied another way, or undone. */
    void reset() {
        hash = null;
    }
}
