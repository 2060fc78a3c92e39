package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.nginxmodelsync.apply.ConfigMapStore;
import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.sync.PassOutcome.ConfigMapResult;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.RecordedConfigMap;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole pass against real neighbours: an HTTP inference stub, real NGINX, and the Kubernetes mock API in CRUD mode. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class SyncPipelineTest {

    static final String NAMESPACE = RecordedConfigMap.NAMESPACE;

    @KubernetesTestServer
    KubernetesServer server;

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Inject
    KubernetesClient client;

    @BeforeEach
    void resetSource() {
        CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
        sidecar.inference().resetCounters();
    }

    @Test
    void createsTheConfigMapWithTheRenderedConfig() throws Exception {
        client.configMaps().inNamespace(NAMESPACE).withName("nginx-config-map").delete();
        sidecar.inference().respond(models("created-a", 0, "created-b", 1));

        PassOutcome outcome = reconciler.pass();

        assertEquals(Status.APPLIED, outcome.status(), outcome::toString);
        assertEquals(ConfigMapResult.CREATED, outcome.configMap(), outcome::toString);
        ConfigMap cm = configMap();
        String file = Files.readString(sidecar.nginx().modelsFile());
        assertEquals(file, cm.getData().get("models.conf"));
        assertEquals(outcome.sha256(), cm.getMetadata().getAnnotations().get(ConfigMapStore.SHA256_ANNOTATION));
        assertEquals("2", cm.getMetadata().getAnnotations().get(ConfigMapStore.MODELS_ANNOTATION));
        assertEquals("nginx-model-sync", cm.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("/v1/models", sidecar.inference().lastPath());
    }

    @Test
    void updatesOnlyItsKeyAndKeepsOtherKeysLabelsAndAnnotations() {
        client.configMaps().inNamespace(NAMESPACE).withName("nginx-config-map").delete();
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("nginx-config-map").withNamespace(NAMESPACE)
                .addToLabels("team", "ml-platform").addToAnnotations("owner", "alice").endMetadata()
                .addToData("nginx.conf", "events {}").addToData("models.conf", "# old").build()).create();
        sidecar.inference().respond(models("kept-a", 0));

        PassOutcome outcome = reconciler.pass();

        assertEquals(ConfigMapResult.UPDATED, outcome.configMap(), outcome::toString);
        ConfigMap cm = configMap();
        assertEquals("events {}", cm.getData().get("nginx.conf"));
        assertTrue(cm.getData().get("models.conf").contains("location /kept-a/ {"));
        assertEquals("ml-platform", cm.getMetadata().getLabels().get("team"));
        assertEquals("nginx-model-sync", cm.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("alice", cm.getMetadata().getAnnotations().get("owner"));
        assertEquals(outcome.sha256(), cm.getMetadata().getAnnotations().get(ConfigMapStore.SHA256_ANNOTATION));
    }

    @Test
    void idlePassesWriteNothingAndSignalNothing() throws Exception {
        applyModels("idle-a", 0, "idle-b", 1);
        String resourceVersion = configMap().getMetadata().getResourceVersion();
        Object inode = Files.getAttribute(sidecar.nginx().modelsFile(), "unix:ino");
        int reloads = sidecar.nginx().reloads();

        for (int i = 0; i < 3; i++) {
            PassOutcome outcome = reconciler.pass();
            assertEquals(Status.UNCHANGED, outcome.status(), outcome::toString);
            assertEquals(ConfigMapResult.UNCHANGED, outcome.configMap());
        }

        assertEquals(resourceVersion, configMap().getMetadata().getResourceVersion());
        assertEquals(inode, Files.getAttribute(sidecar.nginx().modelsFile(), "unix:ino"), "file was rewritten");
        assertEquals(reloads, sidecar.nginx().reloads(), "NGINX was reloaded by an idle pass");
    }

    @Test
    void maxRetriesTwoMakesExactlyThreeRequests() {
        sidecar.inference().respond(500, "text/plain", "boom");

        PassOutcome outcome = reconciler.pass();

        assertEquals(Stage.SOURCE, outcome.failedStage(), outcome::toString);
        assertEquals(3, sidecar.inference().requests());
        assertTrue(outcome.error().contains("HTTP 500"), outcome.error());
    }

    @Test
    void aWholeFailedPollOpensTheBreakerSoTheNextPollAsksNothing() {
        sidecar.inference().respond(500, "text/plain", "boom");
        reconciler.pass();
        sidecar.inference().resetCounters();

        PassOutcome outcome = reconciler.pass();

        assertEquals(Stage.SOURCE, outcome.failedStage(), outcome::toString);
        assertEquals(0, sidecar.inference().requests());
        assertTrue(outcome.error().contains("circuit breaker opened"), outcome.error());
    }

    @Test
    void rejectedEntriesNeverReachTheFile() throws Exception {
        int port = sidecar.upstream(0).port();
        sidecar.inference().respond("{\"models\":[{\"model_name\":\"good\",\"port\":" + port + "},"
                + "{\"model_name\":\"evil; }\",\"port\":" + port + "},"
                + "{\"model_name\":\"bad-port\",\"port\":\"80; evil\"},"
                + "{\"model_name\":\"bad-host\",\"port\":" + port + ",\"host\":\"x y\"}]}");

        PassOutcome outcome = reconciler.pass();

        assertEquals(Status.APPLIED, outcome.status(), outcome::toString);
        assertEquals(1, outcome.modelCount());
        String file = Files.readString(sidecar.nginx().modelsFile());
        assertTrue(file.contains("location /good/ {"));
        assertTrue(!file.contains("evil") && !file.contains("bad-port") && !file.contains("bad-host"), file);
    }

    @Test
    void aConfigMapConflictIsReReadAndRetried() throws Exception {
        applyModels("conflict-a", 0);
        server.expect().put().withPath("/api/v1/namespaces/" + NAMESPACE + "/configmaps/nginx-config-map")
                .andReturn(409, conflict()).once();
        sidecar.inference().respond(models("conflict-a", 0, "conflict-b", 1));

        PassOutcome outcome = reconciler.pass();

        assertEquals(ConfigMapResult.UPDATED, outcome.configMap(), outcome::toString);
        assertEquals(outcome.sha256(), configMap().getMetadata().getAnnotations().get(ConfigMapStore.SHA256_ANNOTATION));
    }

    @Test
    void aConfigMapFailureKeepsTheFileAndReloadAndIsRetriedAfterABackoff() throws Exception {
        applyModels("cmfail-a", 0);
        server.expect().put().withPath("/api/v1/namespaces/" + NAMESPACE + "/configmaps/nginx-config-map")
                .andReturn(403, forbidden()).once();
        sidecar.inference().respond(models("cmfail-a", 0, "cmfail-b", 1));
        int reloads = sidecar.nginx().reloads();

        PassOutcome failed = reconciler.pass();

        assertEquals(Status.APPLIED, failed.status(), failed::toString);
        assertEquals(ConfigMapResult.FAILED, failed.configMap());
        assertTrue(failed.configMapError().contains("HTTP 403"), failed.configMapError());
        sidecar.nginx().awaitReloads(reloads + 1);
        assertEquals(200, sidecar.nginx().awaitStatus("/cmfail-b/x", 200).statusCode());
        assertTrue(Files.readString(sidecar.nginx().modelsFile()).contains("location /cmfail-b/ {"));

        // At once: the API server is not asked again.
        int requests = server.getKubernetesMockServer().getRequestCount();
        PassOutcome waiting = reconciler.pass();
        assertEquals(ConfigMapResult.FAILED, waiting.configMap(), waiting::toString);
        assertTrue(waiting.configMapError().contains("next attempt in"), waiting.configMapError());
        assertEquals(requests, server.getKubernetesMockServer().getRequestCount(), "the API server was asked again at once");

        Thread.sleep(1100);
        PassOutcome retried = reconciler.pass();

        assertEquals(Status.UNCHANGED, retried.status(), retried::toString);
        assertEquals(ConfigMapResult.UPDATED, retried.configMap());
        assertEquals(failed.sha256(), configMap().getMetadata().getAnnotations().get(ConfigMapStore.SHA256_ANNOTATION));
        assertEquals(reloads + 1, sidecar.nginx().reloads(), "the retry must not reload NGINX again");
    }

    private void applyModels(Object... nameUpstreamPairs) throws InterruptedException {
        sidecar.inference().respond(sidecar.modelList(nameUpstreamPairs));
        sidecar.expectApplied(reconciler::pass);
    }

    private ConfigMap configMap() {
        return RecordedConfigMap.get(client);
    }

    private String models(Object... nameUpstreamPairs) {
        return sidecar.modelList(nameUpstreamPairs);
    }

    private static String forbidden() {
        return status(403, "Forbidden", "configmaps is forbidden");
    }

    private static String conflict() {
        return status(409, "Conflict", "the object has been modified " + UUID.randomUUID());
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
                + "\",\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }
}
