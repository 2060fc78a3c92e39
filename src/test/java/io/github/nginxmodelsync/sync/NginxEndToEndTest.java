package io.github.nginxmodelsync.sync;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.LogCapture;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Routes as a client sees them: requests go through a real NGINX to real model servers. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class NginxEndToEndTest {

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Test
    void routesEachModelToItsUpstream() throws Exception {
        PassOutcome outcome = apply("route-m1", 0, "route-m2", 1);

        assertEquals("a /x", sidecar.nginx().awaitStatus("/route-m1/x", 200).body());
        assertEquals(List.of("127.0.0.1", "127.0.0.1", "HTTP/1.1"), sidecar.upstream(0).lastProxyHeaders());
        assertEquals("b /deep/path", sidecar.nginx().awaitStatus("/route-m2/deep/path", 200).body());
        assertEquals((int) sidecar.nginx().pid(), outcome.nginxPid());
        assertTrue(sidecar.nginx().errorLog().contains("(SIGHUP) received from " + ProcessHandle.current().pid()),
                "the SIGHUP should come from the sidecar's own process");
    }

    @Test
    void servesANewModelAndDropsARemovedOne() throws Exception {
        apply("churn-1", 0, "churn-2", 1);
        assertEquals(200, sidecar.nginx().awaitStatus("/churn-1/x", 200).statusCode());

        PassOutcome outcome = apply("churn-2", 1, "churn-3", 2);

        assertEquals(List.of("churn-3"), outcome.added());
        assertEquals(List.of("churn-1"), outcome.removed());
        assertEquals("c /z", sidecar.nginx().awaitStatus("/churn-3/z", 200).body());
        assertEquals(404, sidecar.nginx().awaitStatus("/churn-1/x", 404).statusCode());
        assertEquals("b /y", sidecar.nginx().get("/churn-2/y").body());
    }

    @Test
    void anUnchangedPassCausesNoReload() throws Exception {
        apply("still-1", 0);
        int reloads = sidecar.nginx().reloads();

        assertEquals(Status.UNCHANGED, reconciler.pass().status());
        assertEquals(Status.UNCHANGED, reconciler.pass().status());
        Thread.sleep(500);

        assertEquals(reloads, sidecar.nginx().reloads(), sidecar.nginx().errorLog());
        assertEquals("a /x", sidecar.nginx().get("/still-1/x").body());
    }

    @Test
    void aGoodChangeIsVerifiedByANewWorkerGeneration() throws Exception {
        PassOutcome outcome = apply("verified-1", 0);

        assertTrue(outcome.verification().startsWith("new worker generation in "), outcome.verification());
    }

    @Test
    void aPidFilePointingAtAnotherProcessLeavesItAliveAndReloadsTheRealNginx() throws Exception {
        apply("guard-1", 0);
        Path pidFile = sidecar.nginx().pidFile();
        String nginxPid = Files.readString(pidFile);
        Process sleep = new ProcessBuilder("sleep", "300").start();
        try (LogCapture log = LogCapture.of(Reconciler.class)) {
            Files.writeString(pidFile, sleep.pid() + "\n");
            sidecar.inference().respond(models("guard-1", 0, "guard-2", 1));

            PassOutcome outcome = sidecar.expectApplied(reconciler::pass);

            assertEquals((int) sidecar.nginx().pid(), outcome.nginxPid());
            assertEquals("b /x", sidecar.nginx().awaitStatus("/guard-2/x", 200).body());
            assertTrue(!sleep.waitFor(300, TimeUnit.MILLISECONDS) && sleep.isAlive(), "sleep was signalled");
            String warning = String.join("\n", log.exactly(Level.WARNING));
            assertTrue(warning.contains("pid " + sleep.pid() + " from " + pidFile + " is not an NGINX master process"),
                    warning);
            assertTrue(warning.contains("signalling the only NGINX master in /proc instead, pid "
                    + sidecar.nginx().pid()), warning);
        } finally {
            Files.writeString(pidFile, nginxPid);
            sleep.destroy();
        }
    }

    @Test
    void withoutAPidFileNginxIsFoundThroughProc() throws Exception {
        apply("proc-1", 0);
        Path pidFile = sidecar.nginx().pidFile();
        String nginxPid = Files.readString(pidFile);
        Files.delete(pidFile);
        try {
            PassOutcome outcome = apply("proc-1", 0, "proc-2", 2);

            assertEquals((int) sidecar.nginx().pid(), outcome.nginxPid());
            assertEquals("c /y", sidecar.nginx().awaitStatus("/proc-2/y", 200).body());
        } finally {
            Files.writeString(pidFile, nginxPid);
        }
    }

    @Test
    void healthIsServedOverHttp() {
        RestAssured.get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    private PassOutcome apply(Object... nameUpstreamPairs) throws InterruptedException {
        sidecar.inference().respond(models(nameUpstreamPairs));
        return sidecar.expectApplied(reconciler::pass);
    }

    private String models(Object... nameUpstreamPairs) {
        return sidecar.modelList(nameUpstreamPairs);
    }
}
