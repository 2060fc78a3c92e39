package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.sync.PassOutcome.ConfigMapResult;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.ModelLists;
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

/** Local use without a cluster: a {@code file:} source, no ConfigMap, and ALLOW_EMPTY=true. */
@QuarkusTest
@TestProfile(LocalFileModeTest.LocalFile.class)
class LocalFileModeTest {

    public static class LocalFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nms.configmap-enabled", "false", "nms.allow-empty", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SidecarTestResource.class, Map.of(SidecarTestResource.SOURCE, "file")));
        }
    }

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Test
    void readsTheModelListFromAFileAndTouchesNoConfigMap() throws Exception {
        PassOutcome outcome = apply(ModelLists.json("local-1", sidecar.upstream(0).port()));

        assertEquals(ConfigMapResult.DISABLED, outcome.configMap());
        assertEquals("a /x", sidecar.nginx().awaitStatus("/local-1/x", 200).body());
    }

    @Test
    void appliesAnEmptyListWhenAllowed() throws Exception {
        apply(ModelLists.json("soon-gone", sidecar.upstream(1).port()));
        assertEquals(200, sidecar.nginx().awaitStatus("/soon-gone/x", 200).statusCode());

        PassOutcome outcome = apply("{\"models\":[]}");

        assertEquals(0, outcome.modelCount());
        assertEquals(List.of("soon-gone"), outcome.removed());
        assertEquals(404, sidecar.nginx().awaitStatus("/soon-gone/x", 404).statusCode());
    }

    @Test
    void aMissingFileIsASourceFailureThatChangesNothing() throws Exception {
        apply(ModelLists.json("kept", sidecar.upstream(2).port()));
        String before = Files.readString(sidecar.nginx().modelsFile());
        Files.delete(sidecar.modelsJson());
        try {
            PassOutcome outcome = reconciler.pass();

            assertEquals(Stage.SOURCE, outcome.failedStage(), outcome::toString);
            assertTrue(outcome.error().contains("model list file " + sidecar.modelsJson() + " does not exist"),
                    outcome.error());
            assertEquals(before, Files.readString(sidecar.nginx().modelsFile()));
        } finally {
            Files.writeString(sidecar.modelsJson(), "{\"models\":[]}");
        }
    }

    private PassOutcome apply(String json) throws Exception {
        Files.writeString(sidecar.modelsJson(), json);
        return sidecar.expectApplied(reconciler::pass);
    }
}
