package io.github.nginxmodelsync.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nginxmodelsync.catalog.Model;
import io.github.nginxmodelsync.catalog.Rejection;
import io.github.nginxmodelsync.sync.PassOutcome;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.sync.SyncState;
import io.github.nginxmodelsync.sync.SyncTrigger.Requested;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The JSON documents of {@code POST /sync} and {@code GET /status}, built from plain values. Built as trees
 * rather than bound from classes, so a native image needs no reflection for them. Every key is always present
 * ({@code null} when unknown), so scripts can rely on the shape.
 */
public final class Reports {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Reports() {
    }

    /** Where the sinks are, as the status names them. */
    public record Sinks(String file, String configMap) {
    }

    /** HTTP status of a requested pass: 200 applied or unchanged, 202 deferred, 502 source failed, else 500. */
    public static int httpStatus(PassOutcome outcome) {
        return switch (outcome.status()) {
            case APPLIED, UNCHANGED -> 200;
            case DEFERRED, SETTLING -> 202;
            case FAILED -> outcome.failedStage() == PassOutcome.Stage.SOURCE ? 502 : 500;
        };
    }

    /** The answer to {@code POST /sync}: what the pass changed, or why it failed. */
    public static ObjectNode requested(Requested requested) {
        PassOutcome outcome = requested.outcome();
        ObjectNode json = JSON.objectNode();
        json.put("status", lower(outcome.status()));
        json.put("changed", outcome.status() != Status.UNCHANGED && outcome.status() != Status.FAILED);
        json.put("stage", outcome.failedStage() == null ? null : lower(outcome.failedStage()));
        json.put("error", outcome.error());
        json.put("sha256", outcome.sha256());
        json.put("models", outcome.sha256() == null ? null : outcome.modelCount());
        json.set("added", strings(outcome.added()));
        json.set("removed", strings(outcome.removed()));
        json.set("retargeted", strings(outcome.retargeted()));
        json.set("rejected", rejections(requested.rejections()));
        json.put("nginxPid", outcome.nginxPid() == 0 ? null : outcome.nginxPid());
        json.put("verification", outcome.verification());
        json.put("configMap", lower(outcome.configMap()));
        json.put("configMapError", outcome.configMapError());
        json.put("durationMs", requested.duration().toMillis());
        return json;
    }

    /** The answer when a requested pass could not even report an outcome (the sidecar is shutting down, say). */
    public static ObjectNode failure(Throwable failure) {
        ObjectNode json = JSON.objectNode();
        json.put("status", "failed");
        json.put("changed", false);
        json.put("stage", "internal");
        json.put("error", failure.getMessage() != null ? failure.getMessage() : failure.toString());
        for (String key : List.of("sha256", "models")) {
            json.putNull(key);
        }
        for (String key : List.of("added", "removed", "retargeted", "rejected")) {
            json.putArray(key);
        }
        for (String key : List.of("nginxPid", "verification", "configMap", "configMapError", "durationMs")) {
            json.putNull(key);
        }
        return json;
    }

    /** The answer to {@code GET /status}: what is routed, what was rejected, and the state of each sink. */
    public static ObjectNode status(SyncState state, Sinks sinks) {
        ObjectNode json = JSON.objectNode();
        json.put("modelsRouted", state.appliedHash() == null ? 0 : state.appliedModelCount());
        ArrayNode routes = json.putArray("routes");
        for (Model model : state.appliedModels()) {
            routes.addObject().put("name", model.name()).put("target", model.target());
        }
        json.set("rejected", rejections(state.rejections()));
        json.put("appliedSha256", state.appliedHash());
        json.put("lastPoll", time(state.lastPass()));
        json.put("lastPollResult", state.lastResult());
        json.put("lastSuccess", time(state.lastSuccess()));
        json.put("lastApply", time(state.lastApply()));
        json.put("consecutiveFailures", state.consecutiveFailures());
        json.put("lastError", state.lastError());

        ObjectNode sinkStates = json.putObject("sinks");
        sinkStates.putObject("file")
                .put("state", fileState(state))
                .put("path", sinks.file())
                .put("sha256", state.fileHash())
                .put("models", state.fileHash() == null ? null : state.fileModelCount())
                .put("error", state.fileError());
        sinkStates.putObject("nginx")
                .put("state", nginxState(state))
                .put("pid", state.nginxPid() == 0 ? null : state.nginxPid())
                .put("sha256", state.appliedHash())
                .put("lastApply", time(state.lastApply()))
                .put("rejectedSha256", state.rejectedHash())
                .put("error", state.nginxError());
        sinkStates.putObject("configMap")
                .put("state", configMapState(state, sinks.configMap() != null))
                .put("name", sinks.configMap())
                .put("writer", state.configMapWriter())
                .put("sha256", state.configMapHash())
                .put("lastWrite", time(state.configMapWritten()))
                .put("error", state.configMapError());
        return json;
    }

    /** {@code error}, {@code absent}, {@code in-sync} (NGINX serves it) or {@code pending} (NGINX has not taken it). */
    static String fileState(SyncState state) {
        if (state.fileError() != null) {
            return "error";
        }
        if (state.fileHash() == null) {
            return "absent";
        }
        return state.fileHash().equals(state.appliedHash()) ? "in-sync" : "pending";
    }

    /** {@code error} (not reloaded, or rejected), {@code unknown} (no verified configuration yet) or {@code ok}. */
    static String nginxState(SyncState state) {
        if (state.nginxError() != null) {
            return "error";
        }
        return state.appliedHash() == null ? "unknown" : "ok";
    }

    /**
     * {@code disabled}, {@code error}, {@code following} (another replica, the {@code writer}, records it),
     * {@code in-sync} (it records what NGINX serves) or {@code behind}.
     */
    static String configMapState(SyncState state, boolean enabled) {
        if (!enabled) {
            return "disabled";
        }
        if (state.configMapError() != null) {
            return "error";
        }
        if (state.configMapWriter() != null) {
            return "following";
        }
        return state.configMapHash() != null && Objects.equals(state.configMapHash(), state.appliedHash())
                ? "in-sync" : "behind";
    }

    private static ArrayNode rejections(List<Rejection> rejections) {
        ArrayNode array = JSON.arrayNode();
        for (Rejection rejection : rejections) {
            array.addObject()
                    .put("index", rejection.index())
                    .put("name", rejection.name())
                    .put("kind", rejection.kind())
                    .put("reason", rejection.reason());
        }
        return array;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }
}
