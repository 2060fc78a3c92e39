package io.github.nginxmodelsync.sync;

import io.github.nginxmodelsync.apply.ApplyException;
import io.github.nginxmodelsync.apply.ConfigMapStore;
import io.github.nginxmodelsync.apply.NginxProcess;
import io.github.nginxmodelsync.apply.SharedFileWriter;
import io.github.nginxmodelsync.catalog.ModelCatalog;
import io.github.nginxmodelsync.catalog.ModelChanges;
import io.github.nginxmodelsync.catalog.Rejection;
import io.github.nginxmodelsync.config.SyncConfig;
import io.github.nginxmodelsync.render.ConfigHeader;
import io.github.nginxmodelsync.render.NginxRenderer;
import io.github.nginxmodelsync.render.RenderedConfig;
import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.source.SourceException;
import io.github.nginxmodelsync.sync.PassOutcome.ConfigMapResult;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One sync pass, in a fixed order: fetch → validate → render → compare hash → write file → signal NGINX →
 * record in the ConfigMap. Nothing runs past the comparison when nothing changed, and no failure takes away
 * what is already applied.
 */
@Startup // built at startup, so a bad setting stops the sidecar with its message instead of failing every pass
@Singleton
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final SyncConfig config;
    private final ModelSource source;
    private final NginxRenderer renderer;
    private final NginxProcess nginx;
    private final Instance<ConfigMapStore> configMaps;
    private final SyncState state;
    private final FailureStreak routesStreak = new FailureStreak();
    private final FailureStreak configMapStreak = new FailureStreak();
    private boolean seeded;

    Reconciler(SyncConfig config, ModelSource source, NginxRenderer renderer, NginxProcess nginx,
            Instance<ConfigMapStore> configMaps, SyncState state) {
        this.config = config;
        this.source = source;
        this.renderer = renderer;
        this.nginx = nginx;
        this.configMaps = configMaps;
        this.state = state;
    }

    /** Runs one pass; never throws: every failure is in the outcome and leaves the last good config in place. */
    public synchronized PassOutcome pass() {
        state.lastPass = Instant.now();
        PassOutcome outcome;
        try {
            outcome = reconcile();
        } catch (RuntimeException e) {
            outcome = failed(Stage.INTERNAL, "unexpected error: " + e, null, 0);
            LOG.error("sync pass failed unexpectedly", e);
        }
        if (outcome.status() != Status.FAILED) {
            state.lastSuccess = Instant.now();
            state.lastError = null;
            state.consecutiveFailures = 0;
        }
        return outcome;
    }

    private PassOutcome reconcile() {
        if (!seeded) {
            seedFromDisk();
            seeded = true;
        }
        ModelCatalog catalog;
        try {
            catalog = source.fetch();
        } catch (SourceException e) {
            return failed(Stage.SOURCE, e.getMessage(), null, 0);
        }
        logNewRejections(catalog.rejections());

        int live = state.fileModelCount;
        if (catalog.models().isEmpty() && live > 0 && !config.allowEmpty()) {
            return failed(Stage.EMPTY_LIST, "the model list is empty while " + live + " routes are live; keeping "
                    + "them (set ALLOW_EMPTY=true to apply an empty list)", null, 0);
        }

        RenderedConfig rendered;
        try {
            rendered = renderer.render(catalog);
        } catch (RuntimeException e) {
            return failed(Stage.RENDER, "cannot render the configuration: " + e.getMessage(), null, 0);
        }

        String sha = rendered.sha256();
        if (!sha.equals(state.fileHash)) {
            try {
                SharedFileWriter.write(config.nginxConfigFile(), rendered.text());
            } catch (IOException e) {
                return failed(Stage.FILE, "cannot write " + config.nginxConfigFile() + " (the previous file is "
                        + "unchanged): " + e, sha, rendered.modelCount());
            }
            state.fileHash = sha;
            state.fileModelCount = rendered.modelCount();
        }

        ModelChanges changes = ModelChanges.between(state.nginxModels, catalog.models());
        boolean reload = !sha.equals(state.nginxHash);
        if (reload) {
            int pid;
            try {
                pid = nginx.reload();
            } catch (ApplyException e) {
                return failed(Stage.NGINX, "the file is written but NGINX was not reloaded: " + e.getMessage(),
                        sha, rendered.modelCount());
            }
            state.nginxHash = sha;
            state.nginxModels = catalog.models();
            state.nginxPid = pid;
            LOG.infof("applied %s, %d models, sha %s, nginx pid %d reloaded", changes.summary(),
                    rendered.modelCount(), rendered.shortHash(), pid);
        }
        int ended = routesStreak.succeeded();
        if (ended > 0) {
            LOG.infof("sync recovered after %d failed passes", ended);
        }

        ConfigMapResult configMap = ConfigMapResult.DISABLED;
        String configMapError = null;
        if (config.configmapEnabled()) {
            ConfigMapStore store = configMaps.get();
            try {
                configMap = sha.equals(state.configMapHash) ? ConfigMapResult.UNCHANGED
                        : ConfigMapResult.valueOf(store.write(rendered).name());
                state.configMapHash = sha;
                int cmEnded = configMapStreak.succeeded();
                if (cmEnded > 0) {
                    LOG.infof("ConfigMap %s is up to date again after %d failed writes", store.describe(), cmEnded);
                }
            } catch (ApplyException e) {
                configMap = ConfigMapResult.FAILED;
                configMapError = e.getMessage();
                if (configMapStreak.failed("configmap")) {
                    LOG.warnf("%s; the file and NGINX are updated, the ConfigMap will be retried every pass",
                            e.getMessage());
                }
            }
        }
        Status status = reload ? Status.APPLIED : Status.UNCHANGED;
        return new PassOutcome(status, null, null, sha, rendered.modelCount(),
                reload ? changes.added() : List.of(), reload ? changes.removed() : List.of(),
                reload ? changes.retargeted() : List.of(), reload ? state.nginxPid : 0, configMap, configMapError);
    }

    /**
     * A restarted sidecar finds the file it wrote before on the shared volume: its header says what NGINX
     * loaded, so an identical render is not written or signalled again, and an empty list cannot wipe it.
     */
    private void seedFromDisk() {
        try {
            SharedFileWriter.read(config.nginxConfigFile()).ifPresent(text -> {
                Optional<ConfigHeader> header = ConfigHeader.parse(text);
                header.ifPresent(h -> {
                    state.fileHash = h.sha256();
                    state.nginxHash = h.sha256();
                });
                // A file without our header is someone else's: count it as live routes so it is not wiped.
                state.fileModelCount = header.map(ConfigHeader::modelCount).orElse(text.isBlank() ? 0 : 1);
            });
        } catch (IOException e) {
            LOG.warnf("cannot read %s at startup: %s", config.nginxConfigFile(), e);
        }
    }

    /** Logs each rejection once: an entry that keeps failing for the same reason is not logged again. */
    private void logNewRejections(List<Rejection> rejections) {
        Set<String> known = new HashSet<>();
        state.rejections.forEach(r -> known.add(r.name() + "\n" + r.reason()));
        for (Rejection rejection : rejections) {
            if (!known.contains(rejection.name() + "\n" + rejection.reason())) {
                LOG.warnf("rejected %s", rejection);
            }
        }
        state.rejections = List.copyOf(rejections);
    }

    private PassOutcome failed(Stage stage, String error, String sha, int models) {
        state.lastError = error;
        state.consecutiveFailures++;
        if (routesStreak.failed(stage.name())) {
            LOG.warnf("sync failed (%s): %s%s", stage, error,
                    stage == Stage.NGINX ? "" : "; the last good configuration stays in place");
        } else {
            LOG.debugf("sync still failing (%s, %d passes): %s", stage, routesStreak.failures(), error);
        }
        return PassOutcome.failed(stage, error, sha, models);
    }
}
