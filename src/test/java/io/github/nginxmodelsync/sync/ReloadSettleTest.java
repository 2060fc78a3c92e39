package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RELOAD_SETTLE with the real scheduled loop: a burst of changes is polled again and again until it stops, then
 * applied with one reload; a lone change is applied one settle period after the poll that saw it.
 */
@QuarkusTest
@TestProfile(ReloadSettleTest.Settle.class)
@WithTestResource(SidecarTestResource.class)
class ReloadSettleTest {

    /** A poll a second, a 700 ms quiet period, and no RELOAD_MIN_INTERVAL, so only settling can fold a burst. */
    public static class Settle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "true",
                    "nms.check-interval", "1",
                    "nms.reload-settle", "700ms",
                    "nms.reload-min-interval", "0",
                    "nms.configmap-enabled", "false");
        }
    }

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    SyncState state;

    @Test
    void aBurstOfTwentyChangesInTwoSecondsCostsOneReload() throws Exception {
        sidecar.inference().respond(sidecar.modelList("base", 0));
        sidecar.nginx().awaitStatus("/base/x", 200);
        Thread.sleep(1500);
        int reloads = sidecar.nginx().reloads();

        List<Object> models = new ArrayList<>(List.of("base", 0));
        for (int i = 0; i < 20; i++) {
            models.add("burst-" + i);
            models.add(i % 2);
            sidecar.inference().respond(sidecar.modelList(models.toArray()));
            Thread.sleep(100);
        }
        assertEquals("b /x", sidecar.nginx().awaitStatus("/burst-19/x", 200).body());
        Thread.sleep(2500);

        assertEquals(reloads + 1, sidecar.nginx().reloads(), sidecar.nginx().errorLog());
        assertEquals(21, state.nginxModelCount);
    }

    @Test
    void aLoneChangeIsAppliedOnceItHasStayedTheSameForTheSettlePeriod() throws Exception {
        sidecar.inference().respond(sidecar.modelList("lone-a", 0));
        sidecar.nginx().awaitStatus("/lone-a/x", 200);
        Thread.sleep(1500);
        int reloads = sidecar.nginx().reloads();

        sidecar.inference().resetCounters();
        sidecar.inference().respond(sidecar.modelList("lone-a", 0, "lone-b", 1));
        sidecar.nginx().awaitStatus("/lone-b/x", 200);
        long served = System.nanoTime();
        Thread.sleep(1500);

        // The poll that saw the change (the first one after it) and the reload are at least 700 ms apart, with a
        // second poll in between that found the list unchanged.
        List<Long> polls = sidecar.inference().arrivals();
        long waited = (served - polls.getFirst()) / 1_000_000;
        assertTrue(waited >= 700, "served " + waited + " ms after the poll that saw the change");
        assertTrue(polls.stream().filter(t -> t < served).count() >= 2, "no second poll before the reload");
        assertEquals(reloads + 1, sidecar.nginx().reloads(), sidecar.nginx().errorLog());
    }
}
