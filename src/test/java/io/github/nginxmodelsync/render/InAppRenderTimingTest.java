package io.github.nginxmodelsync.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nginxmodelsync.catalog.ModelCatalog;
import io.github.nginxmodelsync.config.SyncConfig.RenderLayout;
import io.github.nginxmodelsync.testing.ModelLists;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.qute.Engine;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Validate + render + hash inside the application, with the template resolvers Quarkus generates (run by
 * bench/run, not by the test command): the cross-check of RenderBenchmark, which renders outside Quarkus.
 */
@QuarkusTest
@Tag("bench")
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class InAppRenderTimingTest {

    private static final int WARMUP = 200;
    private static final int MEASURED = 200;

    @Inject
    Engine engine;

    @Test
    void validateRenderHash() throws Exception {
        System.out.println("| in the application | models | layout | mean ms | p90 ms |");
        System.out.println("|---|---:|---|---:|---:|");
        for (int count : new int[] {10, 1_000, 10_000}) {
            List<JsonNode> entries = new ArrayList<>();
            new ObjectMapper().readTree(ModelLists.many("model", count, 8080, 8081, 8082, 8083)).get("models")
                    .forEach(entries::add);
            for (RenderLayout layout : RenderLayout.values()) {
                NginxRenderer renderer = new NginxRenderer("/", Optional.empty(), Optional.empty(), layout, engine);
                long[] nanos = new long[MEASURED];
                for (int i = 0; i < WARMUP + MEASURED; i++) {
                    long start = System.nanoTime();
                    renderer.render(ModelCatalog.validate(entries, "localhost"));
                    if (i >= WARMUP) {
                        nanos[i - WARMUP] = System.nanoTime() - start;
                    }
                }
                Arrays.sort(nanos);
                System.out.printf("| validate + render + hash | %,d | %s | %.3f | %.3f |%n", count,
                        layout.name().toLowerCase(), Arrays.stream(nanos).average().orElseThrow() / 1e6,
                        nanos[MEASURED * 9 / 10] / 1e6);
            }
        }
    }
}
