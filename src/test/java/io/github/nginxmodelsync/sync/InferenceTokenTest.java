package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.LogCapture;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** INFERENCE_SERVICE_TOKEN reaches the inference service as a bearer token, and nothing else ever shows it. */
@QuarkusTest
@TestProfile(InferenceTokenTest.WithToken.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class InferenceTokenTest {

    static final String TOKEN = "tok-Zq81-very-secret";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nms.inference-service-token", TOKEN);
        }
    }

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Test
    void theTokenIsSentAsBearerAndNeverShown() throws Exception {
        try (LogCapture log = LogCapture.all()) {
            sidecar.inference().respond(sidecar.modelList("token-1", 0));
            sidecar.expectApplied(reconciler::pass);
            assertEquals("Bearer " + TOKEN, sidecar.inference().lastAuthorization());

            sidecar.inference().respond(401, "text/plain", "bad token " + TOKEN);
            assertEquals(PassOutcome.Stage.SOURCE, reconciler.pass().failedStage());
            CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);

            for (String message : log.messages(Level.ALL)) {
                assertFalse(message.contains(TOKEN), message);
            }
        }
        for (String path : new String[] {"/status", "/q/metrics", "/q/health"}) {
            String body = RestAssured.get(path).then().extract().asString();
            assertFalse(body.contains(TOKEN), path + ": " + body);
        }
    }
}
