package io.github.nginxmodelsync.health;

import io.github.nginxmodelsync.sync.SyncState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rules behind the three kubelet probes, kept pure. They are built so that a probe never turns an outage
 * of a neighbour into a traffic outage: the inference service and the API server decide nothing here.
 */
public final class Probes {

    /** Liveness waits at least this long for a pass to start before it calls the loop stuck. */
    static final Duration MIN_STUCK = Duration.ofSeconds(60);

    private Probes() {
    }

    /** Startup: the first pass has run and left NGINX with a known good configuration (applied or restored). */
    public static boolean started(SyncState state) {
        return state.passFinished() && state.appliedHash() != null;
    }

    /**
     * Readiness: NGINX has a verified good configuration. A down source does not matter, unless the user
     * opted in with READINESS_MAX_STALENESS and no poll succeeded for that long.
     */
    public static boolean ready(SyncState state, Optional<Duration> maxStaleness, Instant now) {
        if (state.appliedHash() == null) {
            return false;
        }
        return maxStaleness.map(max -> staleness(state, now).compareTo(max) <= 0).orElse(true);
    }

    /** Liveness: DOWN only when no pass started for 3 × CHECK_INTERVAL, and at least 60 s. */
    public static boolean alive(SyncState state, Duration checkInterval, Instant now) {
        Instant lastStart = state.lastPass() != null ? state.lastPass() : state.started();
        return Duration.between(lastStart, now).compareTo(stuckAfter(checkInterval)) <= 0;
    }

    public static Duration stuckAfter(Duration checkInterval) {
        Duration three = checkInterval.multipliedBy(3);
        return three.compareTo(MIN_STUCK) > 0 ? three : MIN_STUCK;
    }

    /** Time since the last successful poll (or since startup, before the first). */
    public static Duration staleness(SyncState state, Instant now) {
        Instant since = state.lastSuccess() != null ? state.lastSuccess() : state.started();
        return Duration.between(since, now);
    }

    /** What every probe shows: enough to tell a stale source from a stuck loop at a glance. */
    public static Map<String, Object> data(SyncState state, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lastSuccess", state.lastSuccess() == null ? "never" : state.lastSuccess().toString());
        data.put("secondsSinceSuccess", staleness(state, now).toSeconds());
        data.put("lastPass", state.lastPass() == null ? "never" : state.lastPass().toString());
        data.put("consecutiveFailures", state.consecutiveFailures());
        data.put("appliedHash", state.appliedHash() == null ? "none" : state.appliedHash());
        data.put("models", state.appliedModelCount());
        data.put("lastError", state.lastError() == null ? "none" : state.lastError());
        return data;
    }
}
