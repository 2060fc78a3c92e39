package io.github.nginxmodelsync.sync;

import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;

/**
 * Verification without NGINX_VERIFY_URL and without NGINX_ERROR_LOG: a reload NGINX accepts replaces its workers;
 * a rejected one is noticed when no new generation came within RELOAD_VERIFY_TIMEOUT.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(RejectedTemplateByWorkersTest.Workers.class)
class RejectedTemplateByWorkersTest extends RejectedTemplateScenario {

    public static class Workers implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SidecarTestResource.class,
                    Map.of(SidecarTestResource.TEMPLATE, RejectedTemplateScenario.GOOD,
                            SidecarTestResource.ERROR_LOG, "false")));
        }
    }

    @Override
    String verifiedBy() {
        return "new worker generation";
    }

    @Override
    String expectedReason() {
        return "NGINX started no new worker process within 3s: it kept its previous configuration";
    }

    @Override
    int reloadsPerRejection() {
        return 2;
    }
}
