package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.github.nginxmodelsync.apply.LeaseStore.Observed;
import io.github.nginxmodelsync.testing.MockApiServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Claims on the Lease against the mock API server in CRUD mode, which refuses a stale resourceVersion with 409. */
class LeaseStoreTest {

    private final MockApiServer api = new MockApiServer("ns", "routes");
    private final LeaseStore store = new LeaseStore(api.client(), "routes", "ns");

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theFirstClaimCreatesTheLeaseAndARenewalKeepsWhenItWasAcquired() throws Exception {
        assertTrue(store.read().isEmpty());

        Observed created = store.claim(Optional.empty(), "pod-a", Duration.ofSeconds(30)).orElseThrow();
        Observed renewed = store.claim(Optional.of(created), "pod-a", Duration.ofSeconds(30)).orElseThrow();

        assertEquals("pod-a", renewed.holder());
        assertEquals(30, renewed.durationSeconds());
        assertEquals(0, renewed.transitions());
        assertEquals(created.acquired(), renewed.acquired());
        assertTrue(!created.resourceVersion().equals(renewed.resourceVersion()), "a renewal is a new version");
        LeaseSpec spec = api.client().leases().inNamespace("ns").withName("routes").get().getSpec();
        assertTrue(!spec.getRenewTime().isBefore(spec.getAcquireTime()));
        assertEquals("nginx-model-sync", api.client().leases().inNamespace("ns").withName("routes").get()
                .getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }

    @Test
    void aTakeOverCountsATransitionAndAStaleClaimLoses() throws Exception {
        Observed a = store.claim(Optional.empty(), "pod-a", Duration.ofSeconds(30)).orElseThrow();

        Observed b = store.claim(Optional.of(a), "pod-b", Duration.ofSeconds(10)).orElseThrow();

        assertEquals("pod-b", b.holder());
        assertEquals(1, b.transitions());
        assertEquals(10, b.durationSeconds());
        assertTrue(store.claim(Optional.of(a), "pod-a", Duration.ofSeconds(30)).isEmpty(),
                "pod-a claims with the version it read before pod-b's write");
        assertTrue(store.claim(Optional.empty(), "pod-c", Duration.ofSeconds(30)).isEmpty(),
                "creating a Lease that exists loses too");
        assertEquals("pod-b", store.read().orElseThrow().holder());
    }

    @Test
    void aReleaseLeavesTheLeaseFreeAndFailsQuietlyWhenItWasTakenMeanwhile() throws Exception {
        Observed a = store.claim(Optional.empty(), "pod-a", Duration.ofSeconds(30)).orElseThrow();

        assertTrue(store.release(a));
        assertTrue(store.read().orElseThrow().free());

        Observed b = store.claim(store.read(), "pod-b", Duration.ofSeconds(30)).orElseThrow();
        assertEquals(false, store.release(a), "pod-a's claim is older than pod-b's");
        assertEquals("pod-b", store.read().orElseThrow().holder());
        assertEquals(1, b.transitions(), "a free Lease taken is a transition");
    }

    @Test
    void aForbiddenAnswerNamesTheVerbsAndTheWayOut() {
        api.server().expect().get().withPath("/apis/coordination.k8s.io/v1/namespaces/ns/leases/routes")
                .andReturn(403, new StatusBuilder().withCode(403).withMessage("leases is forbidden").build()).once();

        ApplyException e = assertThrows(ApplyException.class, store::read);

        assertTrue(e.getMessage().startsWith("cannot read Lease ns/routes (HTTP 403: leases is forbidden)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("needs get and update on this Lease and create on leases"), e.getMessage());
        assertTrue(e.getMessage().contains("CONFIGMAP_LEASE=false"), e.getMessage());
    }
}
