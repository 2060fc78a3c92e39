package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuietPeriodTest {

    private static final long MS = 1_000_000;

    private final QuietPeriod quiet = new QuietPeriod(Duration.ofMillis(500));

    @Test
    void aSingleChangeWaitsOneSettlePeriod() {
        assertFalse(quiet.ready("a", 0));
        assertTrue(quiet.waiting());
        assertFalse(quiet.ready("a", 499 * MS));
        assertTrue(quiet.ready("a", 500 * MS));
        assertFalse(quiet.waiting());
    }

    @Test
    void aChangeWhileWaitingStartsTheWaitAgain() {
        assertFalse(quiet.ready("a", 0));
        assertFalse(quiet.ready("b", 500 * MS));
        assertFalse(quiet.ready("b", 900 * MS));
        assertTrue(quiet.ready("b", 1000 * MS));
    }

    @Test
    void aListThatNeverSettlesIsAppliedAfterTenPeriods() {
        long now = 0;
        int polls = 0;
        while (!quiet.ready("v" + polls, now)) {
            polls++;
            now += 400 * MS;
        }
        assertTrue(now >= 5000 * MS, "applied too early");
        assertTrue(now < 5400 * MS, "applied late");
    }

    @Test
    void aNewChangeAfterTheLastWasAppliedWaitsAgain() {
        quiet.ready("a", 0);
        assertTrue(quiet.ready("a", 600 * MS));
        assertFalse(quiet.ready("b", 10_000 * MS));
    }

    @Test
    void resetForgetsTheWaitingChange() {
        quiet.ready("a", 0);
        quiet.reset();
        assertFalse(quiet.waiting());
        assertFalse(quiet.ready("a", 600 * MS), "a reset change starts its wait again");
    }

    @Test
    void zeroAppliesEveryChangeAtOnce() {
        QuietPeriod off = new QuietPeriod(Duration.ZERO);
        assertTrue(off.ready("a", 0));
        assertFalse(off.waiting());
    }
}
