package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static final long S = 1_000_000_000L;

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void dueUntilTheFirstFailure() {
        assertTrue(backoff.due(0));
        assertTrue(backoff.due(1000 * S));
    }

    @Test
    void theWaitDoublesAfterEachFailureUpToTheMaximum() {
        long now = 0;
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long seconds : expected) {
            backoff.failed(now);
            assertFalse(backoff.due(now + seconds * S - 1), "due before " + seconds + " s");
            assertEquals(Duration.ofSeconds(seconds), backoff.untilDue(now));
            now += seconds * S;
            assertTrue(backoff.due(now), "not due after " + seconds + " s");
        }
    }

    @Test
    void aSuccessStartsOver() {
        backoff.failed(0);
        backoff.failed(S);
        backoff.succeeded();
        assertTrue(backoff.due(S));
        backoff.failed(S);
        assertTrue(backoff.due(2 * S));
    }

    @Test
    void manyFailuresNeverOverflowTheWait() {
        for (int i = 0; i < 100; i++) {
            backoff.failed(0);
        }
        assertEquals(Duration.ofSeconds(60), backoff.untilDue(0));
    }
}
