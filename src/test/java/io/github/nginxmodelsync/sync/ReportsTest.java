package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nginxmodelsync.api.Reports;
import io.github.nginxmodelsync.catalog.Model;
import io.github.nginxmodelsync.catalog.Rejection;
import io.github.nginxmodelsync.sync.PassOutcome.ConfigMapResult;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON of {@code GET /status} and {@code POST /sync}: sink states and HTTP codes. */
class ReportsTest {

    private static final Reports.Sinks SINKS = new Reports.Sinks("/etc/nginx/models/models.conf", "ns/cm");

    @Test
    void aFreshSidecarKnowsNothingYet() {
        JsonNode status = Reports.status(new SyncState(), SINKS);

        assertEquals(0, status.get("modelsRouted").asInt());
        assertEquals("absent", status.at("/sinks/file/state").asText());
        assertEquals("unknown", status.at("/sinks/nginx/state").asText());
        assertEquals("behind", status.at("/sinks/configMap/state").asText());
        assertTrue(status.get("appliedSha256").isNull());
        assertTrue(status.get("lastPoll").isNull());
    }

    @Test
    void everySinkInStepWithNginx() {
        SyncState state = applied("aaa");
        state.configMapHash = "aaa";

        JsonNode status = Reports.status(state, SINKS);

        assertEquals("in-sync", status.at("/sinks/file/state").asText());
        assertEquals("ok", status.at("/sinks/nginx/state").asText());
        assertEquals("in-sync", status.at("/sinks/configMap/state").asText());
        assertEquals(2, status.get("modelsRouted").asInt());
        assertEquals("m1", status.at("/routes/0/name").asText());
        assertEquals("h:1", status.at("/routes/0/target").asText());
    }

    @Test
    void aFileNginxHasNotTakenIsPendingAndAnOldConfigMapIsBehind() {
        SyncState state = applied("aaa");
        state.fileHash = "bbb";
        state.configMapHash = "old";

        JsonNode status = Reports.status(state, SINKS);

        assertEquals("pending", status.at("/sinks/file/state").asText());
        assertEquals("behind", status.at("/sinks/configMap/state").asText());
    }

    @Test
    void errorsShowPerSinkAndADisabledConfigMapSaysSo() {
        SyncState state = applied("aaa");
        state.fileError = "disk full";
        state.nginxError = "rejected";
        state.configMapError = "403";

        JsonNode status = Reports.status(state, SINKS);
        JsonNode noConfigMap = Reports.status(state, new Reports.Sinks("/f", null));

        assertEquals("error", status.at("/sinks/file/state").asText());
        assertEquals("disk full", status.at("/sinks/file/error").asText());
        assertEquals("error", status.at("/sinks/nginx/state").asText());
        assertEquals("error", status.at("/sinks/configMap/state").asText());
        assertEquals("disabled", noConfigMap.at("/sinks/configMap/state").asText());
    }

    @Test
    void aReplicaThatLeavesTheConfigMapToTheLeaseHolderNamesIt() {
        SyncState state = applied("aaa");
        state.configMapWriter = "nginx-7d9f-abcde";

        JsonNode configMap = Reports.status(state, SINKS).at("/sinks/configMap");

        assertEquals("following", configMap.get("state").asText());
        assertEquals("nginx-7d9f-abcde", configMap.get("writer").asText());
        assertTrue(configMap.get("sha256").isNull());
    }

    @Test
    void rejectionsCarryTheirKind() {
        SyncState state = applied("aaa");
        state.rejections = List.of(new Rejection(3, "\"x y\"", "model_name must match ..."));

        JsonNode rejected = Reports.status(state, SINKS).get("rejected").get(0);

        assertEquals(3, rejected.get("index").asInt());
        assertEquals("name", rejected.get("kind").asText());
    }

    @Test
    void httpStatusFollowsTheOutcome() {
        assertEquals(200, Reports.httpStatus(outcome(Status.APPLIED, null)));
        assertEquals(200, Reports.httpStatus(outcome(Status.UNCHANGED, null)));
        assertEquals(202, Reports.httpStatus(outcome(Status.DEFERRED, null)));
        assertEquals(502, Reports.httpStatus(PassOutcome.failed(Stage.SOURCE, "down", null, 0)));
        assertEquals(500, Reports.httpStatus(PassOutcome.failed(Stage.EMPTY_LIST, "empty", null, 0)));
    }

    @Test
    void aRequestedPassReportsWhatChanged() {
        JsonNode json = Reports.requested(new SyncTrigger.Requested(outcome(Status.APPLIED, "abc"),
                List.of(), Duration.ofMillis(42)));

        assertTrue(json.get("changed").asBoolean());
        assertEquals("abc", json.get("sha256").asText());
        assertEquals("m2", json.at("/added/0").asText());
        assertEquals("updated", json.get("configMap").asText());
        assertEquals(42, json.get("durationMs").asLong());
        assertTrue(json.get("stage").isNull());
    }

    @Test
    void aFailureAnswerHasTheKeysOfAnOutcome() {
        JsonNode outcome = Reports.requested(new SyncTrigger.Requested(outcome(Status.APPLIED, "abc"),
                List.of(), Duration.ofMillis(1)));
        JsonNode failure = Reports.failure(new SyncTrigger.ShuttingDown());

        assertEquals(List.copyOf(outcome.properties().stream().map(java.util.Map.Entry::getKey).toList()),
                failure.properties().stream().map(java.util.Map.Entry::getKey).toList());
        assertEquals("the sidecar is shutting down", failure.get("error").asText());
    }

    private static PassOutcome outcome(Status status, String sha) {
        return new PassOutcome(status, null, null, sha, 2, List.of("m2"), List.of(), List.of(), 7, "ok",
                ConfigMapResult.UPDATED, null);
    }

    private static SyncState applied(String hash) {
        SyncState state = new SyncState();
        state.fileHash = hash;
        state.fileModelCount = 2;
        state.nginxHash = hash;
        state.nginxModelCount = 2;
        state.nginxModels = List.of(new Model("m1", "h", 1), new Model("m2", "h", 2));
        state.nginxPid = 7;
        return state;
    }
}
