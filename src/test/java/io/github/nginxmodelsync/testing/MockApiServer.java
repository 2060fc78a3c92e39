package io.github.nginxmodelsync.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The fabric8 mock API server in CRUD mode on 127.0.0.1, plain HTTP, started outside Quarkus so that several
 * packaged sidecars share it. Keeps every request it got, so a test can count the ConfigMap writes.
 */
public final class MockApiServer implements AutoCloseable {

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final String namespace;
    private final String name;

    /** Serves the ConfigMap {@code namespace/name} and its Lease. */
    public MockApiServer(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
        // CRUD, and answers injected with expect() served first, as the Quarkus test server does it.
        Map<ServerRequest, Queue<ServerResponse>> injected = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), injected,
                new KubernetesMixedDispatcher(injected), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    /** A client of this server, for tests that call the stores directly. */
    public NamespacedKubernetesClient client() {
        return client;
    }

    /** The server itself, to inject answers: {@code server().expect().get().withPath(...)}. */
    public KubernetesMockServer server() {
        return server;
    }

    /** Base URL for KUBERNETES_MASTER. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** The ConfigMap's data under {@code key}, or empty. */
    public Optional<String> configMap(String key) {
        return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get())
                .map(ConfigMap::getData).map(data -> data.get(key));
    }

    /** Who holds the Lease, or empty. */
    public Optional<String> leaseHolder() {
        return Optional.ofNullable(client.leases().inNamespace(namespace).withName(name).get())
                .map(Lease::getSpec).map(spec -> spec.getHolderIdentity());
    }

    /** Creates and updates of the ConfigMap received so far (the test's own reads are not counted). */
    public synchronized long configMapWrites() throws InterruptedException {
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        String collection = "/api/v1/namespaces/" + namespace + "/configmaps";
        return requests.stream()
                .filter(r -> r.getMethod().equals("POST") || r.getMethod().equals("PUT"))
                .filter(r -> r.getPath().startsWith(collection))
                .count();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
