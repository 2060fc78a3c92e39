package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of passes with churn: models come and go, the source fails now and then, NGINX reloads. Heap after
 * GC, live threads and open file descriptors must stay flat; the figures are printed. LONG_RUN_PASSES sets the
 * number of passes (default 2,000, about a minute; the long profile runs more).
 */
@QuarkusTest
@TestProfile(LongRunTest.LongRun.class)
@WithTestResource(SidecarTestResource.class)
@Tag("long-run") // run in a JVM of its own: see the surefire executions in pom.xml
class LongRunTest {

    private static final int PASSES = Integer.parseInt(System.getenv().getOrDefault("LONG_RUN_PASSES", "2000"));

    /**
     * No ConfigMap (its mock server keeps every request it saw), and Qute's test-mode record of every render off:
     * both grow by themselves in tests, and the second was the only growth a 5,000-pass run showed.
     */
    public static class LongRun implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("nms.configmap-enabled", "false", "nms.max-retries", "0",
                    "quarkus.qute.test-mode.record-rendered-results", "false");
        }
    }

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Test
    void heapThreadsAndFileDescriptorsStayFlat() throws Exception {
        Random random = new Random(7);
        int warmUp = Math.max(200, PASSES / 10);
        long[] start = null;
        int applied = 0;
        int failed = 0;
        sidecar.inference().respond(list(random));
        for (int pass = 0; pass < warmUp + PASSES; pass++) {
            if (pass == warmUp) {
                start = figures();
            }
            if (random.nextInt(10) == 0) {
                sidecar.inference().respond(500, "text/plain", "down");
            } else if (random.nextInt(4) == 0) {
                sidecar.inference().respond(list(random));
            }
            CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
            PassOutcome outcome = reconciler.pass();
            if (outcome.status() == Status.APPLIED) {
                applied++;
            } else if (outcome.status() == Status.FAILED) {
                failed++;
            }
            assertTrue(outcome.status() != Status.FAILED || outcome.failedStage() == PassOutcome.Stage.SOURCE,
                    outcome::toString);
        }
        long[] end = figures();
        System.out.printf("long run: %d passes (%d applied, %d failed at the source); heap after GC %d -> %d KB, "
                + "threads %d -> %d, open file descriptors %d -> %d%n", PASSES, applied, failed, start[0] / 1024,
                end[0] / 1024, start[1], end[1], start[2], end[2]);

        assertTrue(applied > PASSES / 10, "too little churn: " + applied + " applied");
        assertTrue(end[0] - start[0] < 2 * 1024 * 1024, "heap after GC grew by " + (end[0] - start[0]) + " bytes");
        assertTrue(end[1] - start[1] <= 2, "threads grew from " + start[1] + " to " + end[1]);
        assertTrue(end[2] - start[2] <= 5, "file descriptors grew from " + start[2] + " to " + end[2]);
        assertEquals(200, sidecar.nginx().get("/base/x").statusCode());
    }

    /** Heap used after GC, live threads, open file descriptors. */
    private static long[] figures() throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long threads = Thread.getAllStackTraces().size();
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            fds = open.count();
        }
        return new long[] {heap, threads, fds};
    }

    /** "base" and up to 30 of 60 other models, chosen at random, on random model servers. */
    private String list(Random random) {
        List<Object> pairs = new ArrayList<>(List.of("base", 0));
        for (int i = 0; i < 60; i++) {
            if (random.nextBoolean()) {
                pairs.add("churn-" + i);
                pairs.add(random.nextInt(3));
            }
        }
        return sidecar.modelList(pairs.toArray());
    }
}
