package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
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

/** Scrapes {@code /q/metrics} as Prometheus would, before and after a change and a failure. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class MetricsTest {

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    @Test
    void aChangeAndAFailureShowInEveryMetric() throws Exception {
        String before = scrape();
        int port = sidecar.upstream(0).port();
        sidecar.inference().respond("{\"models\":[{\"model_name\":\"metric-a\",\"port\":" + port + "},"
                + "{\"model_name\":\"metric-b\",\"port\":" + port + "},"
                + "{\"model_name\":\"metric-bad\",\"port\":\"80; evil\"}]}");
        PassOutcome applied = sidecar.expectApplied(reconciler::pass);
        CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
        sidecar.inference().respond(500, "text/plain", "down");
        assertEquals(Stage.SOURCE, reconciler.pass().failedStage());
        System.gc(); // gauges must survive a collection

        String after = scrape();

        assertEquals(1, delta(before, after, "nginx_model_sync_polls_total{result=\"applied\"}"));
        assertEquals(1, delta(before, after, "nginx_model_sync_polls_total{result=\"source\"}"));
        assertEquals(2, delta(before, after, "nginx_model_sync_poll_duration_seconds_count"));
        assertEquals(1, delta(before, after, "nginx_model_sync_reloads_total{result=\"verified\"}"));
        assertEquals(1, delta(before, after, "nginx_model_sync_reload_duration_seconds_count"));
        assertEquals(1, delta(before, after, "nginx_model_sync_configmap_writes_total{result=\"created\"}")
                + delta(before, after, "nginx_model_sync_configmap_writes_total{result=\"updated\"}"));
        assertEquals(2, value(after, "nginx_model_sync_models_routed"));
        assertEquals(1, value(after, "nginx_model_sync_models_rejected{reason=\"port\"}"));
        assertEquals(0, value(after, "nginx_model_sync_models_rejected{reason=\"name\"}"));
        assertEquals(1, value(after, "nginx_model_sync_config_info{sha256=\"" + applied.sha256() + "\"}"));
        double lastSuccess = value(after, "nginx_model_sync_last_success_timestamp_seconds");
        assertTrue(Math.abs(Instant.now().getEpochSecond() - lastSuccess) < 60, "last success " + lastSuccess);

        CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
        sidecar.inference().respond(sidecar.modelList("metric-c", 1));
        PassOutcome next = sidecar.expectApplied(reconciler::pass);
        String later = scrape();

        assertEquals(1, value(later, "nginx_model_sync_config_info{sha256=\"" + next.sha256() + "\"}"));
        assertFalse(later.contains(applied.sha256()), "the info gauge names only the configuration served now");
        assertEquals(1, value(later, "nginx_model_sync_models_routed"));
        assertEquals(0, value(later, "nginx_model_sync_models_rejected{reason=\"port\"}"));
    }

    private static String scrape() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String before, String after, String series) {
        return valueOr0(after, series) - valueOr0(before, series);
    }

    private static double valueOr0(String text, String series) {
        return text.lines().anyMatch(line -> line.startsWith(series + " ")) ? value(text, series) : 0;
    }

    private static double value(String text, String series) {
        return text.lines()
                .filter(line -> line.startsWith(series + " "))
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
    }
}
