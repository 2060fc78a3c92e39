package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.nginxmodelsync.sync.PassOutcome.ConfigMapResult;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.RecordedConfigMap;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kubernetes half of the fault matrix, against the mock API server in CRUD mode with injected answers:
 * while the API server refuses, fails, conflicts or answers late, the file and NGINX take every change; the
 * ConfigMap is retried with a growing pause (never on every pass) and holds the served configuration once the
 * API server is back.
 */
@QuarkusTest
@TestProfile(KubernetesFaultsTest.Faults.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class KubernetesFaultsTest {

    /** Kubernetes calls time out after 1 s, so a slow API server is slow enough quickly. */
    public static class Faults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.kubernetes-client.request-timeout", "1s");
        }
    }

    private static final String PATH = "/api/v1/namespaces/" + RecordedConfigMap.NAMESPACE + "/configmaps/"
            + RecordedConfigMap.NAME;

    /** What the API server does to the ConfigMap writes, and how many of them. */
    enum Fault {
        FORBIDDEN_403, SERVER_ERROR_500, CONFLICT_STORM_409, SLOWER_THAN_THE_REQUEST_TIMEOUT;

        void inject(KubernetesServer server) {
            switch (this) {
                case FORBIDDEN_403 -> server.expect().put().withPath(PATH)
                        .andReturn(403, status(403, "Forbidden")).times(3);
                case SERVER_ERROR_500 -> server.expect().put().withPath(PATH)
                        .andReturn(500, status(500, "InternalError")).times(3);
                // Five conflicts fail one attempt: this is three attempts' worth and then some.
                case CONFLICT_STORM_409 -> server.expect().put().withPath(PATH)
                        .andReturn(409, status(409, "Conflict")).times(12);
                case SLOWER_THAN_THE_REQUEST_TIMEOUT -> server.expect().put().delay(3, TimeUnit.SECONDS)
                        .withPath(PATH).andReturn(500, status(500, "late")).times(2);
            }
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Inject
    KubernetesClient client;

    @ParameterizedTest
    @EnumSource(Fault.class)
    void theFileAndNginxTakeTheChangeAndTheConfigMapConvergesWithBackoff(Fault fault) throws Exception {
        String base = fault.name().toLowerCase().replace('_', '-');
        sidecar.inference().respond(sidecar.modelList(base + "-a", 0));
        sidecar.expectApplied(reconciler::pass);
        int reloads = sidecar.nginx().reloads();

        fault.inject(server);
        sidecar.inference().respond(sidecar.modelList(base + "-a", 0, base + "-b", 1));
        PassOutcome first = reconciler.pass();

        assertEquals(PassOutcome.Status.APPLIED, first.status(), first::toString);
        assertEquals(ConfigMapResult.FAILED, first.configMap(), first::toString);
        assertEquals(200, sidecar.nginx().awaitStatus("/" + base + "-b/x", 200).statusCode());
        assertEquals(reloads + 1, sidecar.nginx().reloads());

        // Passes ten times a second until the ConfigMap holds the served file.
        String served = Files.readString(sidecar.nginx().modelsFile());
        int requestsBefore = server.getKubernetesMockServer().getRequestCount();
        long start = System.nanoTime();
        int passes = 0;
        PassOutcome outcome = first;
        while (outcome.configMap() != ConfigMapResult.UPDATED && System.nanoTime() - start < 30_000_000_000L) {
            Thread.sleep(100);
            outcome = reconciler.pass();
            passes++;
            assertEquals(PassOutcome.Status.UNCHANGED, outcome.status(), outcome::toString);
        }
        int requests = server.getKubernetesMockServer().getRequestCount() - requestsBefore;
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("%s: ConfigMap converged after %d passes in %d ms with %d API requests%n", fault, passes,
                took.toMillis(), requests);

        assertEquals(ConfigMapResult.UPDATED, outcome.configMap(), outcome::toString);
        assertEquals(served, configMap().getData().get("models.conf"));
        assertEquals(reloads + 1, sidecar.nginx().reloads(), "the ConfigMap retries reloaded NGINX");
        // A busy loop would ask on every pass; the backoff asks a handful of times.
        assertTrue(passes >= 10, "converged after only " + passes + " passes: the backoff was not exercised");
        assertTrue(requests <= 25, requests + " API requests in " + passes + " passes");
    }

    private ConfigMap configMap() {
        return RecordedConfigMap.get(client);
    }

    private static Status status(int code, String reason) {
        return new StatusBuilder().withCode(code).withReason(reason).withMessage("injected: " + reason).build();
    }
}
