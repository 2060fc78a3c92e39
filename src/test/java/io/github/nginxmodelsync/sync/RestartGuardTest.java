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

    /** What an earlier sidecar rendered for {@link #MODELS}. */
    static final String PREVIOUS = golden();
    static final String MODELS = "{\"models\":[{\"model_name\":\"sentiment\",\"port\":\"8080\",\"host\":\"localhost\"},"
            + "{\"model_name\":\"resnet50\",\"port\":8081,\"host\":\"localhost\"},"
            + "{\"model_name\":\"llama-3.1-8b\",\"port\":\"8000\",\"host\":\"llm-gateway\"}]}";

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
        assertTrue(outcome.error().contains("empty while 3 routes are live"), outcome.error());
        assertTrue(outcome.error().contains("ALLOW_EMPTY=true"), outcome.error());
        assertEquals(PREVIOUS, Files.readString(sidecar.nginx().modelsFile()));
        assertEquals(reloads, sidecar.nginx().reloads());
    }

    @Test
    void theSameModelsAfterARestartAreNeitherWrittenNorSignalled() throws Exception {
        sidecar.inference().respond(MODELS);
        Object inode = Files.getAttribute(sidecar.nginx().modelsFile(), "unix:ino");
        int reloads = sidecar.nginx().reloads();

        PassOutcome outcome = reconciler.pass();

        assertEquals(Status.UNCHANGED, outcome.status(), outcome::toString);
        assertEquals(inode, Files.getAttribute(sidecar.nginx().modelsFile(), "unix:ino"));
        Thread.sleep(300);
        assertEquals(reloads, sidecar.nginx().reloads());
    }

    private static String golden() {
        try (var in = RestartGuardTest.class.getResourceAsStream("/golden/three-models.conf")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
