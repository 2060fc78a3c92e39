package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RELOAD_MIN_INTERVAL=4s: the first render reloads at once; a burst right after it costs one more reload. */
@QuarkusTest
@TestProfile(ReloadCoalescingTest.Coalescing.class)
class ReloadCoalescingTest {

    public static class Coalescing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nms.reload-min-interval", "4s", "nms.configmap-enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SidecarTestResource.class));
        }
    }

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Inject
    SyncState state;

    @Test
    void threeChangesInsideOneIntervalCostOneReload() throws Exception {
        sidecar.inference().respond(sidecar.modelList("burst-0", 0));
        PassOutcome first = sidecar.expectApplied(reconciler::pass);
        int reloads = sidecar.nginx().reloads();

        PassOutcome last = null;
        for (int i = 1; i <= 3; i++) {
            sidecar.inference().respond(sidecar.modelList("burst-0", 0, "burst-" + i, i - 1));
            last = reconciler.pass();
            assertEquals(Status.DEFERRED, last.status(), last::toString);
        }
        sidecar.nginx().awaitReloads(reloads + 1);
        Thread.sleep(3000);

        assertEquals(reloads + 1, sidecar.nginx().reloads(), sidecar.nginx().errorLog());
        assertEquals(last.sha256(), state.appliedHash());
        assertEquals("c /x", sidecar.nginx().awaitStatus("/burst-3/x", 200).body());
        assertEquals(404, sidecar.nginx().get("/burst-1/x").statusCode());
        assertEquals(Status.UNCHANGED, reconciler.pass().status());
        assertEquals(first.status(), Status.APPLIED);
    }
}
