package io.github.nginxmodelsync.health;

import io.github.nginxmodelsync.config.SyncConfig;
import io.github.nginxmodelsync.sync.SyncState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/** The kubelet probes on port 9000: {@code /q/health/started}, {@code /q/health/ready}, {@code /q/health/live}. */
@ApplicationScoped
public class SyncHealthChecks {

    private final SyncState state;
    private final SyncConfig config;
    private volatile boolean started;

    SyncHealthChecks(SyncState state, SyncConfig config) {
        this.state = state;
        this.config = config;
    }

    @Produces
    @Startup
    HealthCheck startup() {
        return () -> {
            // A startup probe only matters until it first succeeds; after that it stays UP.
            started = started || Probes.started(state);
            return response("nginx-model-sync-startup", s -> started);
        };
    }

    @Produces
    @Readiness
    HealthCheck readiness() {
        return () -> response("nginx-model-sync-ready",
                s -> Probes.ready(s, config.readinessMaxStaleness(), Instant.now()));
    }

    @Produces
    @Liveness
    HealthCheck liveness() {
        return () -> response("nginx-model-sync-loop", s -> Probes.alive(s, config.checkInterval(), Instant.now()));
    }

    private HealthCheckResponse response(String name, Predicate<SyncState> up) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).status(up.test(state));
        for (Map.Entry<String, Object> entry : Probes.data(state, Instant.now()).entrySet()) {
            if (entry.getValue() instanceof Number number) {
                builder.withData(entry.getKey(), number.longValue());
            } else {
                builder.withData(entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        return builder.build();
    }
}
