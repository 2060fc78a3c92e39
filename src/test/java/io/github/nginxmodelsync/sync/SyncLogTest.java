package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.LogCapture;
import io.github.nginxmodelsync.testing.ModelLists;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The log contract: one line per applied change, one per rejected entry, one per streak start and end, none when idle. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class SyncLogTest {

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @BeforeEach
    void resetBreaker() {
        CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
    }

    @Test
    void anAppliedChangeIsOneInfoLineNamingModelsCountHashAndPid() {
        apply("log-a", "log-b");
        try (LogCapture log = LogCapture.of(Reconciler.class)) {
            PassOutcome outcome = apply("log-b", "log-c");

            List<String> lines = log.messages(Level.INFO);
            assertEquals(1, lines.size(), lines::toString);
            assertTrue(lines.get(0).matches("applied \\+log-c -log-a, 2 models, sha " + outcome.sha256().substring(0, 8)
                    + ", nginx pid " + sidecar.nginx().pid() + " reloaded \\(verified: new worker generation in \\d+ ms\\)"),
                    lines.get(0));
        }
    }

    @Test
    void idlePassesLogNothing() {
        apply("quiet-a");
        try (LogCapture log = LogCapture.of(Reconciler.class)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(Status.UNCHANGED, reconciler.pass().status());
            }

            assertEquals(List.of(), log.messages(Level.FINE));
        }
    }

    @Test
    void aRejectedEntryIsLoggedOnceWithItsReason() {
        int port = sidecar.upstream(0).port();
        sidecar.inference().respond("{\"models\":[{\"model_name\":\"fine\",\"port\":" + port + "},"
                + "{\"model_name\":\"a;b\",\"port\":" + port + "}]}");
        try (LogCapture log = LogCapture.of(Reconciler.class)) {
            for (int i = 0; i < 3; i++) {
                reconciler.pass();
            }

            List<String> rejected = log.messages(Level.WARNING).stream().filter(m -> m.startsWith("rejected")).toList();
            assertEquals(List.of("rejected models[1] \"a;b\": model_name may only hold letters, digits, '.', '_' and "
                    + "'-', starting with a letter or digit"), rejected);
        }
    }

    @Test
    void aFailureStreakWarnsOnceAndItsEndIsLoggedOnce() {
        apply("streak-a");
        try (LogCapture log = LogCapture.of(Reconciler.class)) {
            sidecar.inference().respond(500, "text/plain", "down");
            for (int i = 0; i < 4; i++) {
                assertEquals(Status.FAILED, reconciler.pass().status());
            }
            CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
            apply("streak-a", "streak-b");

            List<String> warnings = log.exactly(Level.WARNING);
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).startsWith("sync failed (SOURCE): HTTP 500 from "), warnings.get(0));
            List<String> infos = log.exactly(Level.INFO);
            assertEquals(2, infos.size(), infos::toString);
            assertTrue(infos.get(0).startsWith("applied +streak-b, 2 models"), infos.get(0));
            assertEquals("sync recovered after 4 failed passes", infos.get(1));
        }
    }

    /** Applies these models, each always on the same upstream, so only additions and removals show. */
    private PassOutcome apply(String... names) {
        Object[] pairs = new Object[names.length * 2];
        for (int i = 0; i < names.length; i++) {
            pairs[2 * i] = names[i];
            pairs[2 * i + 1] = sidecar.upstream(Math.floorMod(names[i].hashCode(), 3)).port();
        }
        sidecar.inference().respond(ModelLists.json(pairs));
        PassOutcome outcome = reconciler.pass();
        assertEquals(Status.APPLIED, outcome.status(), outcome::toString);
        return outcome;
    }
}
