package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new pod: empty shared volume, inference service down, the last good configuration in the ConfigMap. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(RestoreFromConfigMapTest.NewPod.class)
class RestoreFromConfigMapTest {

    /** Its own application, so that the test's pass is the sidecar's first. */
    public static class NewPod implements QuarkusTestProfile {
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
    KubernetesClient client;

    @Test
    void routesComeBackFromTheConfigMapWhileTheSourceIsDown() throws Exception {
        String recorded = "# nginx-model-sync models=1 sha256=" + "5e".repeat(32) + "\n\n"
                + "location /restored/ {\n    proxy_pass http://127.0.0.1:" + sidecar.upstream(0).port() + "/;\n}\n";
        client.configMaps().inNamespace("test").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("nginx-config-map").endMetadata()
                .addToData("models.conf", recorded).build()).create();
        assertFalse(Files.exists(sidecar.nginx().modelsFile()));
        assertEquals(404, sidecar.nginx().get("/restored/x").statusCode());
        sidecar.inference().respond(503, "text/plain", "down");
        int reloads = sidecar.nginx().reloads();

        PassOutcome outcome = reconciler.pass();

        assertEquals(Stage.SOURCE, outcome.failedStage(), outcome::toString);
        assertEquals(recorded, Files.readString(sidecar.nginx().modelsFile()));
        sidecar.nginx().awaitReloads(reloads + 1);
        assertEquals("a /x", sidecar.nginx().awaitStatus("/restored/x", 200).body());
    }
}
