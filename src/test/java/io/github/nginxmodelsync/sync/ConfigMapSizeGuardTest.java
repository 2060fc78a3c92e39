package io.github.nginxmodelsync.sync;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.nginxmodelsync.sync.PassOutcome.ConfigMapResult;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.ModelLists;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A render over the 1 MiB ConfigMap limit: NGINX and the file take it, the ConfigMap is not sent, and why. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class ConfigMapSizeGuardTest {

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Inject
    KubernetesClient client;

    @Test
    void anOversizedRenderIsServedButNotRecorded() throws Exception {
        client.configMaps().inNamespace(SyncPipelineTest.NAMESPACE).withName("nginx-config-map").delete();
        int port = sidecar.upstream(1).port();
        sidecar.inference().respond(ModelLists.many("big", 4_000, port));

        PassOutcome outcome = sidecar.expectApplied(reconciler::pass);

        assertTrue(Files.size(sidecar.nginx().modelsFile()) > 1024 * 1024);
        assertEquals("b /x", sidecar.nginx().awaitStatus("/big-03999/x", 200).body());
        assertEquals(ConfigMapResult.FAILED, outcome.configMap());
        System.out.println("size guard: " + outcome.configMapError());
        assertTrue(outcome.configMapError().contains("over the 1,048,576 bytes (1 MiB) a ConfigMap can hold"),
                outcome.configMapError());
        assertTrue(outcome.configMapError().contains("RENDER_LAYOUT=compact"), outcome.configMapError());
        assertNull(client.configMaps().inNamespace(SyncPipelineTest.NAMESPACE).withName("nginx-config-map").get(),
                "nothing was sent to the API server");
        PassOutcome again = reconciler.pass();
        assertEquals(PassOutcome.Status.UNCHANGED, again.status());
        assertEquals(outcome.configMapError(), again.configMapError(), "still reported, not sent again");
        RestAssured.get("/status").then().statusCode(200)
                .body("sinks.configMap.state", equalTo("error"))
                .body("sinks.configMap.error", containsString("RENDER_LAYOUT=compact"))
                .body("sinks.file.state", equalTo("in-sync"));
    }
}
