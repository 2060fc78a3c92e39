package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.nginxmodelsync.apply.ConfigMapLimit;
import io.github.nginxmodelsync.sync.PassOutcome.ConfigMapResult;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.ModelLists;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RENDER_LAYOUT=compact: 10,000 models through a real NGINX, recorded in a ConfigMap under 1 MiB. */
@QuarkusTest
@TestProfile(CompactLayoutTest.Compact.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class CompactLayoutTest {

    public static class Compact implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nms.render-layout", "compact", "nms.reload-verify-timeout", "10s");
        }
    }

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Inject
    KubernetesClient client;

    @Test
    void tenThousandModelsAreServedAndFitTheConfigMap() throws Exception {
        int a = sidecar.upstream(0).port();
        int b = sidecar.upstream(1).port();
        int c = sidecar.upstream(2).port();
        sidecar.inference().respond(ModelLists.many("model", 10_000, a, b, c));

        PassOutcome outcome = sidecar.expectApplied(reconciler::pass);

        assertEquals(10_000, outcome.modelCount());
        assertTrue(outcome.configMap() == ConfigMapResult.CREATED || outcome.configMap() == ConfigMapResult.UPDATED,
                outcome::toString);
        ConfigMap configMap = client.configMaps().inNamespace(SyncPipelineTest.NAMESPACE)
                .withName("nginx-config-map").get();
        String recorded = configMap.getData().get("models.conf");
        int bytes = recorded.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < ConfigMapLimit.MAX_BYTES, "recorded " + bytes + " bytes");
        assertEquals(Files.readString(sidecar.nginx().modelsFile()), recorded);
        System.out.printf("compact layout, 10,000 models: %,d bytes (%.0f%% of the 1 MiB ConfigMap limit)%n",
                bytes, 100.0 * bytes / ConfigMapLimit.MAX_BYTES);

        // Spot checks: first, last and a few in between, each to the upstream it names.
        for (int i : new int[] {0, 1, 2, 4_999, 7_331, 9_999}) {
            String expected = "abc".charAt(i % 3) + " /x";
            assertEquals(expected, sidecar.nginx().awaitStatus(String.format("/model-%05d/x", i), 200).body(),
                    "model " + i);
        }
        assertEquals(404, sidecar.nginx().get("/model-10000/x").statusCode());
        // Proxied as the full layout proxies: HTTP/1.1, the client's Host, X-Forwarded-For.
        assertEquals(java.util.List.of("127.0.0.1", "127.0.0.1", "HTTP/1.1"), sidecar.upstream(0).lastProxyHeaders());
    }
}
