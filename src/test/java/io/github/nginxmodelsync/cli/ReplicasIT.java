package io.github.nginxmodelsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nginxmodelsync.testing.InferenceStub;
import io.github.nginxmodelsync.testing.MockApiServer;
import io.github.nginxmodelsync.testing.ModelLists;
import io.github.nginxmodelsync.testing.PackagedSidecar;
import io.github.nginxmodelsync.testing.UpstreamStub;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several replicas of the packaged sidecar, each beside its own real NGINX, against one mock API server and one
 * inference service: one ConfigMap write per change, no write ping-pong, and identical files; and, while two versions
 * with different templates run side by side, the Lease holder's version alone records the ConfigMap until it is gone.
 */
class ReplicasIT {

    private static final String NAMESPACE = "replicas";
    private static final String KEY = "models.conf";
    /** Long enough for several passes at CHECK_INTERVAL=1 and a Lease renewal (every third of LEASE_DURATION). */
    private static final long QUIET_MS = 4_000;

    @TempDir
    Path dir;

    private MockApiServer api;
    private InferenceStub inference;
    private UpstreamStub upstream;
    private final List<PackagedSidecar> replicas = new ArrayList<>();

    @BeforeEach
    void startNeighbours() throws IOException {
        api = new MockApiServer(NAMESPACE, "nginx-config-map");
        inference = new InferenceStub();
        upstream = new UpstreamStub("u");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (PackagedSidecar replica : replicas) {
            replica.close();
        }
        api.close();
        inference.close();
        upstream.close();
    }

    @Test
    void threeReplicasWriteTheConfigMapOncePerChangeAndAnotherTakesOverWhenTheHolderDies() throws Exception {
        inference.respond(models(1));
        List<PackagedSidecar> all = List.of(start("pod-0", Map.of()), start("pod-1", Map.of()), start("pod-2", Map.of()));
        awaitServed(all, 1);
        String first = all.getFirst().file();
        awaitConfigMap(first);
        assertEquals(1, api.configMapWrites(), "the first configuration is created once");

        for (int change = 2; change <= 5; change++) {
            inference.respond(models(change));
            awaitServed(all, change);
            awaitConfigMap(all.getFirst().file());
        }
        Thread.sleep(QUIET_MS);

        assertEquals(5, api.configMapWrites(), "one write per change: a create and four updates, no ping-pong");
        assertIdenticalFiles(all);
        assertEquals(all.getFirst().file(), api.configMap(KEY).orElseThrow());
        String holder = api.leaseHolder().orElseThrow();
        for (PackagedSidecar replica : all) {
            JsonNode configMap = replica.status().at("/sinks/configMap");
            if (replica.name().equals(holder)) {
                assertEquals("in-sync", configMap.get("state").asText(), configMap::toString);
            } else {
                assertEquals("following", configMap.get("state").asText(), configMap::toString);
                assertEquals(holder, configMap.get("writer").asText(), configMap::toString);
            }
        }

        // The holder's node fails: no release. Another replica takes over once the Lease has not moved for its
        // duration, finds the ConfigMap holding what it serves, and records the next change once.
        PackagedSidecar dead = all.stream().filter(r -> r.name().equals(holder)).findFirst().orElseThrow();
        dead.kill();
        List<PackagedSidecar> left = all.stream().filter(r -> r != dead).toList();
        long killed = System.nanoTime();
        await("another replica takes the Lease", 20, () -> api.leaseHolder().filter(h -> !h.equals(holder)).isPresent());
        long tookOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        System.out.printf("replicas: %s took over the Lease %d ms after %s was killed%n", api.leaseHolder().get(),
                tookOverMs, holder);
        // LEASE_DURATION is 5 s; the last renewal was at most 2.5 s before the kill (due every third of it, on a
        // tick of a sixth).
        assertTrue(tookOverMs >= 2_000, "taken over after " + tookOverMs + " ms: before the Lease could lapse");
        assertEquals(5, api.configMapWrites(), "taking over does not rewrite a ConfigMap that is up to date");

        inference.respond(models(6));
        awaitServed(left, 6);
        awaitConfigMap(left.getFirst().file());
        Thread.sleep(QUIET_MS);
        assertEquals(6, api.configMapWrites());
        assertIdenticalFiles(left);
    }

    @Test
    void duringARollingUpdateOnlyTheLeaseHoldersTemplateIsRecordedUntilItsVersionIsGone() throws Exception {
        inference.respond(models(1));
        List<PackagedSidecar> old = List.of(start("old-0", Map.of()), start("old-1", Map.of()));
        awaitServed(old, 1);
        awaitConfigMap(old.getFirst().file());
        // The new version renders with another template: one line per model.
        Map<String, String> compact = Map.of("RENDER_LAYOUT", "compact");
        List<PackagedSidecar> fresh = List.of(start("new-0", compact), start("new-1", compact));
        await("the new version serves its own render", 60, () -> fresh.stream()
                .allMatch(r -> served(r, 1) && r.file().contains("location /m-1/ { proxy_pass")));
        assertNotEquals(old.getFirst().file(), fresh.getFirst().file(), "the two versions render differently");
        long writes = api.configMapWrites();

        inference.respond(models(2));
        List<PackagedSidecar> everyone = new ArrayList<>(old);
        everyone.addAll(fresh);
        awaitServed(everyone, 2);
        awaitConfigMap(old.getFirst().file());
        Thread.sleep(QUIET_MS);

        assertEquals(writes + 1, api.configMapWrites(), "one write for the change, by the holder, and no fight");
        assertEquals(old.getFirst().file(), api.configMap(KEY).orElseThrow(), "the holder's version is recorded");
        assertTrue(api.leaseHolder().orElseThrow().startsWith("old-"));
        assertIdenticalFiles(old);
        assertIdenticalFiles(fresh);

        // The rollout ends: the old pods stop (SIGTERM), give the Lease up, and the new version records its render.
        // The holder goes last, so the other old pod cannot take the Lease over on its way out.
        String oldHolder = api.leaseHolder().orElseThrow();
        for (PackagedSidecar replica : old.stream().sorted((a, b) -> a.name().equals(oldHolder) ? 1 : -1).toList()) {
            replica.stop();
        }
        PackagedSidecar holder = old.stream().filter(r -> r.name().equals(oldHolder)).findFirst().orElseThrow();
        assertEquals(1, holder.logLines("released Lease").size(), holder.log());
        awaitConfigMap(fresh.getFirst().file());
        Thread.sleep(QUIET_MS);
        assertEquals(writes + 2, api.configMapWrites(), "the new version wrote once, and only once");
        assertTrue(api.leaseHolder().orElseThrow().startsWith("new-"), api.leaseHolder().toString());
        assertIdenticalFiles(fresh);
    }

    private PackagedSidecar start(String name, Map<String, String> extra) throws IOException, InterruptedException {
        Map<String, String> settings = PackagedSidecar.quickSettings(inference.url(), api.url(), NAMESPACE);
        settings.putAll(extra);
        PackagedSidecar replica = PackagedSidecar.start(name, dir.resolve(name), settings);
        replicas.add(replica);
        return replica;
    }

    /** Models m-1 to m-{@code count}, all served by the upstream stub. */
    private String models(int count) {
        return ModelLists.onPort(upstream.port(), IntStream.rangeClosed(1, count).mapToObj(i -> "m-" + i)
                .toArray(String[]::new));
    }

    private void awaitServed(List<PackagedSidecar> group, int models) throws InterruptedException {
        await("every replica's NGINX serves m-" + models, 60, () -> group.stream().allMatch(r -> served(r, models)));
    }

    private static boolean served(PackagedSidecar replica, int models) {
        return replica.serves("/m-" + models + "/x");
    }

    private void awaitConfigMap(String text) throws InterruptedException {
        await("the ConfigMap records the served file", 30, () -> api.configMap(KEY).filter(text::equals).isPresent());
    }

    private static void assertIdenticalFiles(List<PackagedSidecar> group) {
        Set<String> files = new HashSet<>();
        for (PackagedSidecar replica : group) {
            files.add(replica.file());
        }
        assertEquals(1, files.size(), "the replicas' files differ");
    }

    private void await(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        PackagedSidecar.await(what, seconds, done, replicas);
    }
}
