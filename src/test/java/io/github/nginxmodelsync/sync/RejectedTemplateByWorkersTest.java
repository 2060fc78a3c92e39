package io.github.nginxmodelsync.sync;

import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;

/** Verification without NGINX_VERIFY_URL: a reload NGINX accepts replaces its workers. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(RejectedTemplateByWorkersTest.Workers.class)
class RejectedTemplateByWorkersTest extends RejectedTemplateScenario {

    public static class Workers implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SidecarTestResource.class,
                    Map.of(SidecarTestResource.TEMPLATE, RejectedTemplateScenario.GOOD)));
        }
    }

    @Override
    String verifiedBy() {
        return "new worker generation";
    }
}
