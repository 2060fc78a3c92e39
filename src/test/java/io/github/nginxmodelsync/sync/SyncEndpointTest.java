package io.github.nginxmodelsync.sync;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /sync} and {@code GET /status} over HTTP, with a real NGINX serving the routes. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class SyncEndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    SyncState state;

    @TestHTTPResource("/sync")
    URI syncUri;

    @AfterEach
    void sourceBackToNormal() {
        CircuitBreakerMaintenance.get().reset(ModelSource.BREAKER);
    }

    @Test
    void aRequestedSyncServesANewRouteThroughNginx() throws Exception {
        sidecar.inference().respond(sidecar.modelList("push-1", 0));
        post(200);
        sidecar.inference().respond(sidecar.modelList("push-1", 0, "push-2", 1));
        Thread.sleep(1100); // measure a deploy hook's single call, not one held back by the rate limit

        long start = System.nanoTime();
        JsonPath answer = post(200);
        HttpResponse<String> served = sidecar.nginx().awaitStatus("/push-2/x", 200);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals("b /x", served.body());
        assertEquals("applied", answer.getString("status"));
        assertTrue(answer.getBoolean("changed"));
        assertEquals(List.of("push-2"), answer.getList("added"));
        assertEquals(List.of(), answer.getList("removed"));
        assertEquals(2, answer.getInt("models"));
        assertEquals(state.appliedHash(), answer.getString("sha256"));
        assertEquals(sidecar.nginx().pid(), answer.getLong("nginxPid"));
        System.out.printf("POST /sync to the new route served through NGINX: %d ms (the pass itself: %d ms)%n",
                took.toMillis(), answer.getLong("durationMs"));
    }

    @Test
    void anUnchangedListIsReportedAsUnchanged() {
        sidecar.inference().respond(sidecar.modelList("same-1", 0));
        post(200);

        JsonPath answer = post(200);

        assertEquals("unchanged", answer.getString("status"));
        assertEquals(false, answer.getBoolean("changed"));
        assertEquals(List.of(), answer.getList("added"));
    }

    @Test
    void requestsArrivingWhileAPassRunsShareTheNextOne() throws Exception {
        sidecar.inference().respond(sidecar.modelList("shared-1", 0, "shared-2", 2)).delay(Duration.ofMillis(700));
        sidecar.inference().resetCounters();
        CompletableFuture<HttpResponse<String>> first = send();
        awaitInferenceRequests(1); // the first pass is now fetching, held by the slow source (under REQUEST_TIMEOUT)

        List<CompletableFuture<HttpResponse<String>>> later = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            later.add(send());
        }

        assertEquals(200, first.get().statusCode(), first.get().body());
        List<String> bodies = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : later) {
            HttpResponse<String> response = answer.get();
            assertEquals(200, response.statusCode(), response.body());
            bodies.add(response.body());
        }
        assertEquals(2, sidecar.inference().requests(), "nine requests: the running pass, and one shared after it");
        assertEquals(1, bodies.stream().distinct().count(), "the eight later requests get the same outcome");
        assertEquals("unchanged", JsonPath.from(bodies.getFirst()).getString("status"),
                "the shared pass started after the first one applied the list");
    }

    @Test
    void requestedPassesStartAtMostOncePerSecond() {
        sidecar.inference().respond(sidecar.modelList("limit-1", 0));
        sidecar.inference().resetCounters();

        post(200);
        post(200);

        List<Long> arrivals = sidecar.inference().arrivals();
        assertEquals(2, arrivals.size());
        Duration gap = Duration.ofNanos(arrivals.get(1) - arrivals.get(0));
        assertTrue(gap.compareTo(Duration.ofMillis(800)) >= 0, "two requested polls " + gap + " apart");
    }

    @Test
    void aFailingSourceAnswers502WithTheReason() {
        sidecar.inference().respond(sidecar.modelList("kept-1", 1));
        post(200);
        sidecar.inference().respond(500, "text/plain", "boom");

        JsonPath answer = post(502);

        assertEquals("failed", answer.getString("status"));
        assertEquals("source", answer.getString("stage"));
        assertEquals("HTTP 500 from " + sidecar.inference().url() + "/v1/models", answer.getString("error"));
        assertEquals(false, answer.getBoolean("changed"));
        RestAssured.get("/status").then().statusCode(200)
                .body("lastPollResult", equalTo("source"))
                .body("routes.name", equalTo(List.of("kept-1")))
                .body("sinks.nginx.state", equalTo("ok"));
    }

    @Test
    void statusShowsRoutesRejectionsAndEverySink() {
        int port = sidecar.upstream(0).port();
        sidecar.inference().respond("{\"models\":[{\"model_name\":\"status-1\",\"port\":" + port + "},"
                + "{\"model_name\":\"status-bad\",\"port\":\"70000\"}]}");
        post(200);

        RestAssured.get("/status").then().statusCode(200)
                .body("modelsRouted", equalTo(1))
                .body("routes[0].name", equalTo("status-1"))
                .body("routes[0].target", equalTo("127.0.0.1:" + port))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].kind", equalTo("port"))
                .body("rejected[0].reason", containsString("70000"))
                .body("appliedSha256", equalTo(state.appliedHash()))
                .body("lastPollResult", equalTo("applied"))
                .body("lastError", nullValue())
                .body("sinks.file.state", equalTo("in-sync"))
                .body("sinks.file.path", equalTo(sidecar.nginx().modelsFile().toString()))
                .body("sinks.nginx.state", equalTo("ok"))
                .body("sinks.nginx.pid", equalTo((int) sidecar.nginx().pid()))
                .body("sinks.configMap.state", equalTo("in-sync"))
                .body("sinks.configMap.name", containsString("nginx-config-map"))
                .body("sinks.configMap.sha256", equalTo(state.appliedHash()));
    }

    private CompletableFuture<HttpResponse<String>> send() {
        return HTTP.sendAsync(HttpRequest.newBuilder(syncUri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitInferenceRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sidecar.inference().requests() < count) {
            assertTrue(System.nanoTime() < deadline, "the inference service was not asked");
            Thread.sleep(10);
        }
    }

    private static JsonPath post(int status) {
        return RestAssured.post("/sync").then().statusCode(status).extract().jsonPath();
    }
}
