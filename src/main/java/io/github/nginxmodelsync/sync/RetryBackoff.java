package io.github.nginxmodelsync.sync;

import java.time.Duration;

/**
 * When to try a failing sink again: at once after the first failure's pass, then after 1 s, 2 s, 4 s and so on,
 * never more than {@code max} apart. A Kubernetes API that is down or refusing is then asked a few times a minute
 * at most, however often passes run. Pure: the caller passes the time ({@link System#nanoTime()}).
 */
final class RetryBackoff {

    private final long base;
    private final long max;
    private int failures;
    private long next;

    RetryBackoff(Duration base, Duration max) {
        this.base = base.toNanos();
        this.max = max.toNanos();
    }

    /** Whether an attempt may be made now. */
    boolean due(long now) {
        return failures == 0 || now - next >= 0;
    }

    /** Records a failed attempt made at {@code now}. */
    void failed(long now) {
        failures++;
        long delay = failures >= 40 ? max : Math.min(max, base << (failures - 1));
        next = now + delay;
    }

    void succeeded() {
        failures = 0;
    }

    /** Time left before the next attempt, zero when one is due. */
    Duration untilDue(long now) {
        return due(now) ? Duration.ZERO : Duration.ofNanos(next - now);
    }
}
