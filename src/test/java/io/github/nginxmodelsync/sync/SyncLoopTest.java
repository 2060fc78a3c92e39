package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.SchedulerEvents;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real scheduled loop: first pass right at startup, then one every CHECK_INTERVAL, never two at once. */
@QuarkusTest
@TestProfile(SyncLoopTest.Loop.class)
@WithTestResource(SidecarTestResource.class)
class SyncLoopTest {

    /** The scheduler on, a 3 s interval, one long request per poll. */
    public static class Loop implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "true",
                    "nms.check-interval", "3",
                    "nms.request-timeout", "20s",
                    "nms.max-retries", "0",
                    "nms.configmap-enabled", "false");
        }
    }

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    SchedulerEvents events;

    @Test
    void theFirstPassRunsRightAtStartupNotAfterAnInterval() throws InterruptedException {
        awaitFirstPass();
        Instant firstPass = sidecar.inference().firstRequest();

        assertNotNull(events.started());
        Duration sinceStart = Duration.between(events.started(), firstPass);
        assertTrue(sinceStart.compareTo(Duration.ofMillis(2500)) < 0,
                "first pass came " + sinceStart + " after startup; the interval is 3s");
    }

    @Test
    void aPassThatOutlastsTheIntervalMakesTheNextOnesSkip() throws InterruptedException {
        awaitFirstPass();
        sidecar.inference().respond("{\"models\":[]}").delay(Duration.ofSeconds(7));
        sidecar.inference().resetCounters();
        int skippedBefore = events.skipped();

        Thread.sleep(Duration.ofSeconds(8));

        assertTrue(events.skipped() > skippedBefore, "no execution was skipped while a pass was running");
        sidecar.inference().delay(Duration.ZERO);
    }

    private void awaitFirstPass() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sidecar.inference().firstRequest() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertNotNull(sidecar.inference().firstRequest(), "no pass polled the inference service");
    }
}
