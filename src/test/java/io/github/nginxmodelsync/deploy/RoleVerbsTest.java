package io.github.nginxmodelsync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.nginxmodelsync.apply.ConfigMapStore;
import io.github.nginxmodelsync.apply.LeaseStore;
import io.github.nginxmodelsync.render.RenderedConfig;
import io.github.nginxmodelsync.testing.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Role grants exactly the verbs the code uses: every way the sidecar talks to the API server is run against
 * the mock API server, and the HTTP methods it received are turned into RBAC verbs.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RoleVerbsTest {

    private static final String NAMESPACE = "rbac-verbs";
    private static final Pattern NAMESPACED = Pattern.compile("/namespaces/([^/]+)/([^/?]+)");
    private static final Map<String, String> VERBS = Map.of(
            "GET", "get", "POST", "create", "PUT", "update", "PATCH", "patch", "DELETE", "delete");

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Test
    void theRoleGrantsExactlyTheVerbsTheSidecarUses() throws Exception {
        drainRequests();
        ConfigMapStore store = new ConfigMapStore(client, "nginx-config-map", NAMESPACE, "models.conf");
        LeaseStore lease = new LeaseStore(client, "nginx-config-map", NAMESPACE);

        store.read(); // missing: the restore of a new pod
        store.write(new RenderedConfig("# one\n", "a".repeat(64), 1)); // created
        store.read();
        store.write(new RenderedConfig("# two\n", "b".repeat(64), 1)); // updated
        store.write(new RenderedConfig("# two\n", "b".repeat(64), 1)); // unchanged

        Optional<LeaseStore.Observed> none = lease.read(); // missing: the first replica
        LeaseStore.Observed created = lease.claim(none, "pod-a", Duration.ofSeconds(30)).orElseThrow();
        LeaseStore.Observed renewed = lease.claim(Optional.of(created), "pod-a", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(lease.claim(Optional.of(created), "pod-b", Duration.ofSeconds(30)).isEmpty(), "a stale claim loses");
        assertTrue(lease.release(renewed));

        Map<String, Set<String>> used = new TreeMap<>();
        for (RecordedRequest request : drainRequests()) {
            Matcher path = NAMESPACED.matcher(request.getPath());
            if (path.find() && path.group(1).equals(NAMESPACE)) {
                used.computeIfAbsent(path.group(2), resource -> new TreeSet<>())
                        .add(VERBS.getOrDefault(request.getMethod(), request.getMethod()));
            }
        }
        Map<String, Set<String>> granted = new TreeMap<>();
        for (JsonNode rule : Manifests.load().only("Role").get("rules")) {
            for (JsonNode resource : rule.get("resources")) {
                rule.get("verbs").forEach(verb -> granted.computeIfAbsent(resource.asText(), r -> new TreeSet<>())
                        .add(verb.asText()));
            }
        }

        assertEquals(Map.of("configmaps", Set.of("get", "create", "update"),
                "leases", Set.of("get", "create", "update")), used, "what the code does");
        assertEquals(used, granted, "the Role in kubernetes/ grants what the code uses, and nothing more");
    }

    @Test
    void onlyTheConfigMapStoreAndTheLeaseStoreTalkToTheApiServer() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> users = sources.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> read(path).contains("io.fabric8.kubernetes.client.KubernetesClient"))
                    .map(path -> path.getFileName().toString())
                    .sorted()
                    .toList();
            assertEquals(List.of("ConfigMapStore.java", "LeaseStore.java"), users,
                    "a new user of the API server needs its verbs in the test above and in the Role");
        }
    }

    private List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> requests = new java.util.ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
