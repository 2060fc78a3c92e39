package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.health.Probes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbesTest {

    private final Instant now = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void startupWaitsForAFinishedPassThatLeftAGoodConfiguration() {
        SyncState state = new SyncState();
        assertFalse(Probes.started(state));

        state.passFinished = true;
        assertFalse(Probes.started(state), "a failed first pass with nothing to restore is not started");

        state.nginxHash = "ab".repeat(32);
        assertTrue(Probes.started(state));
    }

    @Test
    void readinessIgnoresASourceThatIsDownUnlessTheUserOptsIn() {
        SyncState state = new SyncState();
        state.nginxHash = "ab".repeat(32);
        state.lastSuccess = now.minus(Duration.ofHours(3));
        state.consecutiveFailures = 400;

        assertTrue(Probes.ready(state, Optional.empty(), now));
        assertFalse(Probes.ready(state, Optional.of(Duration.ofMinutes(10)), now));
        assertTrue(Probes.ready(state, Optional.of(Duration.ofHours(4)), now));
    }

    @Test
    void notReadyBeforeNginxHasAGoodConfiguration() {
        SyncState state = new SyncState();
        state.lastSuccess = now;

        assertFalse(Probes.ready(state, Optional.empty(), now));
    }

    @Test
    void livenessFailsOnlyWhenNoPassStartedForThreeIntervalsAndAtLeastAMinute() {
        assertEquals(Duration.ofSeconds(60), Probes.stuckAfter(Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(90), Probes.stuckAfter(Duration.ofSeconds(30)));

        SyncState state = new SyncState();
        state.lastPass = now.minusSeconds(89);
        assertTrue(Probes.alive(state, Duration.ofSeconds(30), now));

        state.lastPass = now.minusSeconds(91);
        assertFalse(Probes.alive(state, Duration.ofSeconds(30), now));
    }
}
