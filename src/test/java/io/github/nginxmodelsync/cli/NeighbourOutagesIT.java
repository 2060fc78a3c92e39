package io.github.nginxmodelsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nginxmodelsync.testing.InferenceStub;
import io.github.nginxmodelsync.testing.MockApiServer;
import io.github.nginxmodelsync.testing.ModelLists;
import io.github.nginxmodelsync.testing.NginxServer;
import io.github.nginxmodelsync.testing.PackagedSidecar;
import io.github.nginxmodelsync.testing.TcpRelay;
import io.github.nginxmodelsync.testing.UpstreamStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sidecar while a neighbour goes away and comes back: the Kubernetes API server unreachable (connections
 * refused, behind a relay that is cut), and NGINX killed and started again with a new pid.
 */
class NeighbourOutagesIT {

    private static final String NAMESPACE = "outages";
    private static final String FAILED_WRITES = "nginx_model_sync_configmap_writes_total{result=\"failed\"}";

    @TempDir
    Path dir;

    private MockApiServer api;
    private TcpRelay relay;
    private InferenceStub inference;
    private UpstreamStub upstream;
    private PackagedSidecar sidecar;

    @BeforeEach
    void start() throws Exception {
        api = new MockApiServer(NAMESPACE, "nginx-config-map");
        relay = new TcpRelay(api.port());
        inference = new InferenceStub();
        upstream = new UpstreamStub("u");
        inference.respond(models("m-1"));
        Map<String, String> settings = PackagedSidecar.quickSettings(inference.url(), relay.url(), NAMESPACE);
        sidecar = PackagedSidecar.start("pod-0", dir, settings);
        await("m-1 is served and recorded", 60, () -> sidecar.serves("/m-1/x")
                && api.configMap("models.conf").filter(text -> text.equals(sidecar.file())).isPresent());
    }

    @AfterEach
    void stop() throws Exception {
        sidecar.close();
        relay.close();
        api.close();
        inference.close();
        upstream.close();
    }

    @Test
    void withTheApiServerUnreachableRoutesStillChangeAndTheConfigMapCatchesUpWithBackoff() throws Exception {
        String recorded = api.configMap("models.conf").orElseThrow();
        relay.cut();
        double failedBefore = sidecar.metric(FAILED_WRITES);

        inference.respond(models("m-1", "m-2"));
        await("m-2 is served with the API server unreachable", 20, () -> sidecar.serves("/m-2/x"));
        int pollsBefore = inference.requests();
        Thread.sleep(12_000);
        int polls = inference.requests() - pollsBefore;
        double attempts = sidecar.metric(FAILED_WRITES) - failedBefore;
        JsonNode configMap = sidecar.status().at("/sinks/configMap");
        System.out.printf("API server unreachable: %d polls in 12 s, %.0f ConfigMap attempts; status: %s%n", polls,
                attempts, configMap.get("error").asText());

        assertEquals(recorded, api.configMap("models.conf").orElseThrow(), "nothing reached the API server");
        assertTrue(sidecar.file().contains("location /m-2/"), "the file has the change");
        assertEquals("error", configMap.get("state").asText(), configMap::toString);
        assertTrue(configMap.get("error").asText().contains("the API server did not answer"), configMap::toString);
        assertTrue(polls >= 10, polls + " polls: the sidecar kept polling");
        // 1 s, 2 s, 4 s, 8 s apart: at most five tries in 12 s, where a busy loop would try on every poll.
        assertTrue(attempts >= 2 && attempts <= 6, attempts + " ConfigMap attempts in 12 s");

        relay.restore();
        await("the ConfigMap catches up once the API server is back", 20,
                () -> api.configMap("models.conf").filter(text -> text.equals(sidecar.file())).isPresent());
        await("the status says so", 5, () -> "in-sync".equals(sidecar.status().at("/sinks/configMap/state").asText()));
        assertEquals("pod-0", api.leaseHolder().orElseThrow());
        assertTrue(sidecar.serves("/m-2/x"));
    }

    @Test
    void nginxKilledAndStartedAgainWithANewPidGetsTheNextChangeAndNoOtherProcessIsSignalled() throws Exception {
        long firstPid = sidecar.nginx().pid();
        Process stranger = new ProcessBuilder("sleep", "600").start();
        try {
            String good = sidecar.file();
            NginxServer restarted = sidecar.restartNginx(() -> {
                try {
                    // While NGINX is down a change arrives, and its old pid now belongs to another process.
                    Files.writeString(sidecar.nginx().pidFile(), stranger.pid() + "\n");
                    inference.respond(models("m-1", "m-2"));
                    await("the sidecar reports that NGINX cannot be reloaded", 20,
                            () -> "error".equals(sidecar.status().at("/sinks/nginx/state").asText()));
                    // A pass writes the change, finds no master to signal and puts the good file back.
                    await("the unverified file is not left for a starting NGINX", 5, () -> good.equals(sidecar.file()));
                    Thread.sleep(3_000);
                    assertTrue(stranger.isAlive(), "a process that is not NGINX was signalled");
                    assertTrue(sidecar.status().at("/sinks/nginx/error").asText().contains("pid " + stranger.pid()),
                            sidecar.status().toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            assertNotEquals(firstPid, restarted.pid());
            await("the new NGINX serves the change", 20, () -> sidecar.serves("/m-2/x"));
            assertEquals(1, restarted.reloadsOf(restarted.pid()), "the new master was reloaded once:\n"
                    + restarted.errorLog());
            JsonNode nginx = sidecar.status().at("/sinks/nginx");
            assertEquals(restarted.pid(), nginx.get("pid").asLong(), nginx::toString);
            assertEquals("ok", nginx.get("state").asText(), nginx::toString);
            assertTrue(stranger.isAlive(), "a process that is not NGINX was signalled");
            await("the ConfigMap records the change", 10,
                    () -> api.configMap("models.conf").filter(text -> text.equals(sidecar.file())).isPresent());
        } finally {
            stranger.destroyForcibly();
        }
    }

    private String models(String... names) {
        return ModelLists.onPort(upstream.port(), names);
    }

    private void await(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        PackagedSidecar.await(what, seconds, done, List.of(sidecar));
    }
}
