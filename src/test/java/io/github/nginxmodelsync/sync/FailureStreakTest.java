package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureStreakTest {

    @Test
    void warnsOnceWhenAStreakStartsAndAgainOnlyWhenItsCauseChanges() {
        FailureStreak streak = new FailureStreak();

        assertTrue(streak.failed("SOURCE"));
        assertFalse(streak.failed("SOURCE"));
        assertFalse(streak.failed("SOURCE"));
        assertTrue(streak.failed("NGINX"));
        assertFalse(streak.failed("NGINX"));
        assertEquals(5, streak.failures());
    }

    @Test
    void reportsHowManyFailuresARecoveryEnded() {
        FailureStreak streak = new FailureStreak();
        streak.failed("SOURCE");
        streak.failed("SOURCE");

        assertEquals(2, streak.succeeded());
        assertEquals(0, streak.succeeded());
        assertTrue(streak.failed("SOURCE"), "a new streak warns again");
    }
}
