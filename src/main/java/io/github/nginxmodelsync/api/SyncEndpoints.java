package io.github.nginxmodelsync.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nginxmodelsync.apply.ConfigMapStore;
import io.github.nginxmodelsync.config.SyncConfig;
import io.github.nginxmodelsync.sync.SyncState;
import io.github.nginxmodelsync.sync.SyncTrigger;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/** {@code POST /sync} and {@code GET /status} on the sidecar's HTTP port (9000). */
@Singleton
public class SyncEndpoints {

    private static final Logger LOG = Logger.getLogger(SyncEndpoints.class);

    private final SyncTrigger trigger;
    private final SyncState state;
    private final SyncConfig config;
    private final Instance<ConfigMapStore> configMaps;

    SyncEndpoints(SyncTrigger trigger, SyncState state, SyncConfig config, Instance<ConfigMapStore> configMaps) {
        this.trigger = trigger;
        this.state = state;
        this.config = config;
        this.configMaps = configMaps;
    }

    void routes(@Observes Router router) {
        router.post("/sync").handler(this::sync);
        router.get("/status").handler(this::status);
    }

    /** Runs a pass now (or joins the one about to start) and answers with its outcome; never blocks the event loop. */
    private void sync(RoutingContext request) {
        Context context = Vertx.currentContext();
        trigger.request().whenComplete((requested, failure) -> context.runOnContext(ignored -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                if (cause instanceof SyncTrigger.ShuttingDown) {
                    request.response().setStatusCode(503);
                } else {
                    LOG.error("requested pass failed unexpectedly", cause);
                    request.response().setStatusCode(500);
                }
                send(request.response(), Reports.failure(cause));
            } else {
                request.response().setStatusCode(Reports.httpStatus(requested.outcome()));
                send(request.response(), Reports.requested(requested));
            }
        }));
    }

    private void status(RoutingContext request) {
        String configMap = config.configmapEnabled() ? configMaps.get().describe() : null;
        Reports.Sinks sinks = new Reports.Sinks(config.nginxConfigFile().toString(), configMap);
        send(request.response(), Reports.status(state, sinks));
    }

    private static void send(HttpServerResponse response, ObjectNode json) {
        response.putHeader("Content-Type", "application/json").end(json.toPrettyString() + "\n");
    }
}
