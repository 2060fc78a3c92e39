package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InferenceStub;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.RecordedConfigMap;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inference-service half of the fault matrix, against a real HTTP stub, real NGINX and the Kubernetes mock
 * API: whatever the source does wrong, NGINX keeps serving the last good routes, the file and the ConfigMap stay
 * byte for byte as they were, and the next good answer is applied without help.
 */
@QuarkusTest
@TestProfile(InferenceFaultsTest.Faults.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class InferenceFaultsTest {

    /** A 64 KiB MAX_RESPONSE_BYTES, so the oversized answers stay small; a 1 s circuit-breaker delay. */
    public static class Faults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nms.max-response-bytes", "64K", "nms.check-interval", "1s");
        }
    }

    /** What the inference service does wrong, and the words the failure must be reported with. */
    enum Fault {
        CONNECTION_REFUSED("cannot reach"),
        HTTP_500("HTTP 500"),
        SLOWER_THAN_REQUEST_TIMEOUT("within REQUEST_TIMEOUT"),
        NOT_JSON("not JSON"),
        WRONG_SHAPE("no \"models\" array"),
        HTML_MAINTENANCE_PAGE("HTTP 503"),
        HTML_WITH_STATUS_200("not JSON"),
        OVER_MAX_RESPONSE_BYTES("over MAX_RESPONSE_BYTES"),
        OVER_MAX_RESPONSE_BYTES_CHUNKED("over MAX_RESPONSE_BYTES"),
        EMPTY_LIST("the model list is empty");

        final String message;

        Fault(String message) {
            this.message = message;
        }

        void inject(InferenceStub stub) {
            switch (this) {
                case CONNECTION_REFUSED -> stub.refuseConnections();
                case HTTP_500 -> stub.respond(500, "application/json", "{\"error\":\"boom\"}");
                case SLOWER_THAN_REQUEST_TIMEOUT -> stub.delay(Duration.ofMillis(1500));
                case NOT_JSON -> stub.respond(200, "application/json", "models: m1");
                case WRONG_SHAPE -> stub.respond("{\"items\":[{\"model_name\":\"m1\",\"port\":8080}]}");
                case HTML_MAINTENANCE_PAGE -> stub.respond(503, "text/html", MAINTENANCE);
                case HTML_WITH_STATUS_200 -> stub.respond(200, "text/html", MAINTENANCE);
                case OVER_MAX_RESPONSE_BYTES -> stub.respond(huge());
                case OVER_MAX_RESPONSE_BYTES_CHUNKED -> stub.respond(huge()).chunked();
                case EMPTY_LIST -> stub.respond("{\"models\":[]}");
            }
        }

        Stage stage() {
            return this == EMPTY_LIST ? Stage.EMPTY_LIST : Stage.SOURCE;
        }
    }

    private static final String MAINTENANCE = "<!DOCTYPE html>\n<html><body><h1>Down for maintenance</h1></body></html>";

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Inject
    KubernetesClient client;

    private String file;
    private String recorded;
    private String resourceVersion;
    private int reloads;

    @BeforeEach
    void applyTheGoodList() throws Exception {
        CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
        sidecar.inference().respond(sidecar.modelList("good-a", 0, "good-b", 1));
        PassOutcome outcome = reconciler.pass();
        assertTrue(outcome.status() == Status.APPLIED || outcome.status() == Status.UNCHANGED, outcome::toString);
        assertEquals(200, sidecar.nginx().awaitStatus("/good-b/x", 200).statusCode());
        file = Files.readString(sidecar.nginx().modelsFile());
        recorded = configMap().getData().get("models.conf");
        resourceVersion = configMap().getMetadata().getResourceVersion();
        reloads = sidecar.nginx().reloads();
        assertEquals(file, recorded);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFaultChangesNothingAndTheNextGoodAnswerIsApplied(Fault fault) throws Exception {
        fault.inject(sidecar.inference());
        try {
            for (int pass = 0; pass < 3; pass++) {
                PassOutcome outcome = reconciler.pass();
                assertEquals(Status.FAILED, outcome.status(), outcome::toString);
                assertEquals(fault.stage(), outcome.failedStage(), outcome::toString);
                if (pass == 0) {
                    assertTrue(outcome.error().contains(fault.message), outcome.error());
                }
                assertNothingChanged(fault.name());
            }
        } finally {
            if (fault == Fault.CONNECTION_REFUSED) {
                sidecar.inference().listenAgain();
            }
        }

        // Good again, with one more model: applied once the circuit breaker lets a poll through (1 s).
        sidecar.inference().respond(sidecar.modelList("good-a", 0, "good-b", 1, "after-" + fault.ordinal(), 2));
        awaitApplied();
        assertEquals("c /x", sidecar.nginx().awaitStatus("/after-" + fault.ordinal() + "/x", 200).body());
        assertEquals(Files.readString(sidecar.nginx().modelsFile()), configMap().getData().get("models.conf"));
    }

    @Test
    void aSourceFlappingBetweenGoodAndBadNeverTakesARouteAway() throws Exception {
        // Every second request fails; retries hide some failures, the rest fail whole passes.
        sidecar.inference().respond(sidecar.modelList("good-a", 0, "good-b", 1, "flap", 2)).flapWith(502);
        int applied = 0;
        for (int pass = 0; pass < 12; pass++) {
            CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
            PassOutcome outcome = reconciler.pass();
            if (outcome.status() == Status.APPLIED) {
                applied++;
            }
            assertTrue(outcome.status() != Status.FAILED || outcome.failedStage() == Stage.SOURCE, outcome::toString);
            assertEquals(200, sidecar.nginx().get("/good-a/x").statusCode(), "pass " + pass);
            String now = Files.readString(sidecar.nginx().modelsFile());
            assertTrue(now.equals(file) || now.contains("location /flap/"), "pass " + pass + " left " + now);
        }
        assertEquals(1, applied, "the one change was applied once");
        assertEquals(reloads + 1, sidecar.nginx().reloads(), sidecar.nginx().errorLog());
        assertEquals(200, sidecar.nginx().get("/flap/x").statusCode());
    }

    private void assertNothingChanged(String fault) throws Exception {
        assertEquals(file, Files.readString(sidecar.nginx().modelsFile()), fault + ": the file changed");
        assertEquals(resourceVersion, configMap().getMetadata().getResourceVersion(), fault + ": ConfigMap written");
        assertEquals(recorded, configMap().getData().get("models.conf"), fault);
        assertEquals(reloads, sidecar.nginx().reloads(), fault + ": NGINX was reloaded");
        assertEquals(200, sidecar.nginx().get("/good-a/x").statusCode(), fault + ": a route went away");
        assertEquals(200, sidecar.nginx().get("/good-b/x").statusCode(), fault + ": a route went away");
    }

    private void awaitApplied() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        PassOutcome outcome = reconciler.pass();
        while (outcome.status() != Status.APPLIED && System.nanoTime() < deadline) {
            Thread.sleep(200);
            outcome = reconciler.pass();
        }
        assertEquals(Status.APPLIED, outcome.status(), outcome::toString);
    }

    private ConfigMap configMap() {
        return RecordedConfigMap.get(client);
    }

    /** A valid model list of about 100 KiB, over the 64 KiB limit. */
    private static String huge() {
        StringBuilder json = new StringBuilder("{\"models\":[");
        for (int i = 0; i < 2500; i++) {
            json.append(i == 0 ? "" : ",").append("{\"model_name\":\"bulk-").append(i).append("\",\"port\":8080}");
        }
        return json.append("]}").toString();
    }
}
