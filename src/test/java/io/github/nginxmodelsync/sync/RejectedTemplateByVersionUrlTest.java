package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verification with NGINX_VERIFY_URL and NGINX_ERROR_LOG: NGINX's version location must answer the new hash, and
 * NGINX's own {@code [emerg]} line reports a rejection at once.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(RejectedTemplateByVersionUrlTest.VersionUrl.class)
class RejectedTemplateByVersionUrlTest extends RejectedTemplateScenario {

    public static class VersionUrl implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SidecarTestResource.class, Map.of(
                    SidecarTestResource.TEMPLATE, RejectedTemplateScenario.GOOD,
                    SidecarTestResource.VERIFY_URL, "true")));
        }
    }

    @Override
    String verifiedBy() {
        return "version endpoint";
    }

    @Override
    String expectedReason() {
        return "NGINX rejected it: unknown directive \"no_such_directive\"";
    }

    @Override
    int reloadsPerRejection() {
        return 1;
    }

    @Test
    void theVersionLocationAnswersTheAppliedHashToLocalClientsOnly() throws Exception {
        sidecar.inference().respond(sidecar.modelList("version-1", 1));
        PassOutcome outcome = sidecar.expectApplied(reconciler::pass);

        assertEquals(outcome.sha256(), sidecar.nginx().get("/.nginx-model-sync/version").body());
    }
}
