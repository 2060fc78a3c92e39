package io.github.nginxmodelsync.sync;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.RecordedConfigMap;
import io.github.nginxmodelsync.testing.LogCapture;
import io.github.nginxmodelsync.testing.Sidecar;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * A custom template that NGINX rejects: the reload is not verified, the previous file comes back, NGINX keeps
 * serving the old routes, the ConfigMap keeps the old configuration, and the same configuration is not tried
 * again. Run once per verification method.
 */
abstract class RejectedTemplateScenario {

    static final String GOOD = """
            {#for r in routes}
            location {r.location} { proxy_pass {r.upstream}; }
            {/for}
            """;
    static final String BROKEN = """
            {#for r in routes}
            location {r.location} { proxy_pass {r.upstream}; no_such_directive on; }
            {/for}
            """;
    static final String FIXED = """
            # fixed
            {#for r in routes}
            location {r.location} { proxy_pass {r.upstream}; proxy_read_timeout 30s; }
            {/for}
            """;

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Inject
    KubernetesClient client;

    /** How the method under test describes a verified reload. */
    abstract String verifiedBy();

    /** What the rejection says about NGINX's reason. */
    abstract String expectedReason();

    /**
     * Reloads a rejection costs: one when NGINX said it refused; two when the proof just did not come, as the
     * restored file is then loaded again so that NGINX and the file agree.
     */
    abstract int reloadsPerRejection();

    @Test
    void aRejectedTemplateIsRolledBackAndNotRetried() throws Exception {
        Files.writeString(sidecar.template(), GOOD);
        sidecar.inference().respond(sidecar.modelList("tpl-1", 0));
        PassOutcome good = sidecar.expectApplied(reconciler::pass);
        assertTrue(good.verification().startsWith(verifiedBy()), good.verification());
        assertEquals("a /x", sidecar.nginx().awaitStatus("/tpl-1/x", 200).body());
        String goodFile = Files.readString(sidecar.nginx().modelsFile());
        String resourceVersion = configMap().getMetadata().getResourceVersion();

        try (LogCapture log = LogCapture.of(Reconciler.class)) {
            Files.writeString(sidecar.template(), BROKEN);
            int reloads = sidecar.nginx().reloads();

            PassOutcome rejected = reconciler.pass();

            assertEquals(Stage.REJECTED, rejected.failedStage(), rejected::toString);
            assertTrue(rejected.error().contains(expectedReason()), rejected.error());
            assertTrue(rejected.error().contains("the previous file is back in place"), rejected.error());
            assertEquals(goodFile, Files.readString(sidecar.nginx().modelsFile()));
            assertEquals(resourceVersion, configMap().getMetadata().getResourceVersion());
            sidecar.nginx().awaitReloads(reloads + reloadsPerRejection());
            assertEquals("a /x", sidecar.nginx().awaitStatus("/tpl-1/x", 200).body());
            List<String> errors = log.exactly(Level.SEVERE);
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains(expectedReason()), errors.get(0));
            RestAssured.get("/status").then().statusCode(200)
                    .body("sinks.nginx.state", equalTo("error"))
                    .body("sinks.nginx.rejectedSha256", equalTo(rejected.sha256()))
                    .body("sinks.file.state", equalTo("in-sync"));

            PassOutcome again = reconciler.pass();

            assertEquals(Stage.REJECTED, again.failedStage(), again::toString);
            Thread.sleep(300);
            assertEquals(reloads + reloadsPerRejection(), sidecar.nginx().reloads(),
                    "the rejected configuration was tried again");
            assertEquals(1, log.exactly(Level.SEVERE).size(), "the rejection was logged again");
            assertEquals(goodFile, Files.readString(sidecar.nginx().modelsFile()));

            Files.writeString(sidecar.template(), GOOD);
            assertEquals(Status.UNCHANGED, reconciler.pass().status());
            RestAssured.get("/status").then().statusCode(200)
                    .body("sinks.nginx.state", equalTo("ok"))
                    .body("sinks.nginx.error", nullValue());
            Files.writeString(sidecar.template(), BROKEN);
            PassOutcome retried = reconciler.pass();

            assertEquals(Stage.REJECTED, retried.failedStage(), retried::toString);
            sidecar.nginx().awaitReloads(reloads + 2 * reloadsPerRejection());
            assertEquals(2, log.exactly(Level.SEVERE).size(), "a new attempt after a different render");
        }

        Files.writeString(sidecar.template(), FIXED);
        PassOutcome fixed = sidecar.expectApplied(reconciler::pass);

        assertTrue(fixed.verification().startsWith(verifiedBy()), fixed.verification());
        assertTrue(Files.readString(sidecar.nginx().modelsFile()).contains("proxy_read_timeout 30s"));
        assertEquals(fixed.sha256(), configMap().getMetadata().getAnnotations().get("nginx-model-sync/sha256"));
        assertEquals(Status.UNCHANGED, reconciler.pass().status());
    }

    private ConfigMap configMap() {
        return RecordedConfigMap.get(client);
    }
}
