package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restarted sidecar finds routes it wrote before on the shared volume: an empty model list must not wipe
 * them, even though this process has applied nothing yet.
 */
@QuarkusTest
@TestProfile(RestartGuardTest.Restarted.class)
class RestartGuardTest {

    static final String PREVIOUS = "# nginx-model-sync models=2 sha256=" + "ab".repeat(32) + "\n"
            + "location /before-1/ { return 200; }\nlocation /before-2/ { return 200; }\n";

    public static class Restarted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nms.configmap-enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SidecarTestResource.class, Map.of(SidecarTestResource.PRELOAD, PREVIOUS)));
        }
    }

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Test
    void anEmptyListAfterARestartKeepsTheRoutesOnDisk() throws Exception {
        sidecar.inference().respond("{\"models\":[]}");
        int reloads = sidecar.nginx().reloads();

        PassOutcome outcome = reconciler.pass();

        assertEquals(Status.FAILED, outcome.status(), outcome::toString);
        assertEquals(Stage.EMPTY_LIST, outcome.failedStage());
        assertTrue(outcome.error().contains("empty while 2 routes are live"), outcome.error());
        assertTrue(outcome.error().contains("ALLOW_EMPTY=true"), outcome.error());
        assertEquals(PREVIOUS, Files.readString(sidecar.nginx().modelsFile()));
        assertEquals(reloads, sidecar.nginx().reloads());
    }
}
