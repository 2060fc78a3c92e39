package io.github.nginxmodelsync.sync;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The probes over HTTP, as the kubelet sees them. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class HealthProbesTest {

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Inject
    SyncState state;

    @Test
    void aSourceThatStaysDownKeepsThePodReadyAndAlive() throws Exception {
        sidecar.inference().respond(sidecar.modelList("probe-1", 0, "probe-2", 1));
        sidecar.expectApplied(reconciler::pass);
        sidecar.inference().respond(503, "text/plain", "down");
        for (int i = 0; i < 6; i++) {
            CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
            assertEquals(Status.FAILED, reconciler.pass().status());
        }

        for (String probe : new String[] {"/q/health/ready", "/q/health/live", "/q/health/started"}) {
            RestAssured.get(probe).then().statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks[0].data.consecutiveFailures", greaterThanOrEqualTo(6))
                    .body("checks[0].data.models", equalTo(2))
                    .body("checks[0].data.appliedHash", equalTo(state.appliedHash()))
                    .body("checks[0].data.lastError", equalTo("HTTP 503 from " + sidecar.inference().url() + "/v1/models"));
        }
    }

    @Test
    void aStuckLoopIsNotAliveButTheRoutesStayReady() throws Exception {
        sidecar.inference().respond(sidecar.modelList("stuck-1", 2));
        sidecar.expectApplied(reconciler::pass);
        Instant lastPass = state.lastPass;
        try {
            state.lastPass = Instant.now().minusSeconds(600);

            RestAssured.get("/q/health/live").then().statusCode(503).body("status", equalTo("DOWN"));
            RestAssured.get("/q/health/ready").then().statusCode(200);
        } finally {
            state.lastPass = lastPass;
        }
    }
}
