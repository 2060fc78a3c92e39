package io.github.nginxmodelsync.sync;

import io.github.nginxmodelsync.apply.ApplyException;
import io.github.nginxmodelsync.apply.ConfigMapLimit;
import io.github.nginxmodelsync.apply.ConfigMapStore;
import io.github.nginxmodelsync.apply.NginxProcess;
import io.github.nginxmodelsync.apply.ReloadVerifier;
import io.github.nginxmodelsync.apply.ReloadVerifier.Verification;
import io.github.nginxmodelsync.apply.SharedFileWriter;
import io.github.nginxmodelsync.catalog.Model;
import io.github.nginxmodelsync.catalog.ModelCatalog;
import io.github.nginxmodelsync.catalog.ModelChanges;
import io.github.nginxmodelsync.catalog.Rejection;
import io.github.nginxmodelsync.config.Durations;
import io.github.nginxmodelsync.config.SyncConfig;
import io.github.nginxmodelsync.metrics.SyncMetrics;
import io.github.nginxmodelsync.render.ConfigHeader;
import io.github.nginxmodelsync.render.NginxRenderer;
import io.github.nginxmodelsync.render.RenderedConfig;
import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.source.SourceException;
import io.github.nginxmodelsync.sync.PassOutcome.ConfigMapResult;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One sync pass, in a fixed order: fetch → validate → render → compare hash → write file → signal NGINX and
 * verify the reload → record in the ConfigMap. Nothing runs past the comparison when nothing changed, no
 * failure takes away what is already applied, and a configuration NGINX rejects is rolled back.
 */
@Startup // built at startup, so a bad setting stops the sidecar with its message instead of failing every pass
@Singleton
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final SyncConfig config;
    private final ModelSource source;
    private final NginxRenderer renderer;
    private final NginxProcess nginx;
    private final ReloadVerifier verifier;
    private final Instance<ConfigMapStore> configMaps;
    private final WriterElection election;
    private final SyncState state;
    private final SyncMetrics metrics;
    private final FailureStreak routesStreak = new FailureStreak();
    private final FailureStreak configMapStreak = new FailureStreak();
    private final QuietPeriod quiet;
    /** ConfigMap writes after a failure: 1 s, 2 s, 4 s ... at most a minute apart, however often passes run. */
    private final RetryBackoff configMapBackoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("nginx-reload-coalescer").daemon().factory());

    private boolean seeded;
    private boolean restoreSettled;
    private boolean restoreWarned;
    private String lastPidFileProblem;
    /** The configuration written to the file and not yet taken by NGINX, with its models. */
    private RenderedConfig pending;
    private List<Model> pendingModels = List.of();
    /** When the last SIGHUP was sent (System.nanoTime), or null before the first. */
    private Long lastReload;
    private ScheduledFuture<?> deferredReload;
    /** A configuration too big for the ConfigMap, and why: it is not sent again. */
    private String tooBigHash;
    private String tooBigMessage;

    Reconciler(SyncConfig config, ModelSource source, NginxRenderer renderer, NginxProcess nginx,
            ReloadVerifier verifier, Instance<ConfigMapStore> configMaps, WriterElection election, SyncState state,
            SyncMetrics metrics) {
        this.config = config;
        this.source = source;
        this.renderer = renderer;
        this.nginx = nginx;
        this.verifier = verifier;
        this.configMaps = configMaps;
        this.election = election;
        this.state = state;
        this.metrics = metrics;
        this.quiet = new QuietPeriod(config.reloadSettle());
    }

    /**
     * Runs one pass and applies a change at once; never throws: every failure is in the outcome and leaves the last
     * good config in place. The fetch runs outside the lock, so a slow source never holds up a coalesced reload.
     */
    public PassOutcome pass() {
        return pass(false);
    }

    /**
     * Runs one pass on the schedule: a change to routes NGINX already serves waits for RELOAD_SETTLE of quiet
     * ({@link Status#SETTLING}); the caller polls again after RELOAD_SETTLE.
     */
    PassOutcome scheduledPass() {
        return pass(true);
    }

    private PassOutcome pass(boolean settle) {
        PassOutcome outcome = pass0(settle);
        String result = outcome.status() == Status.FAILED ? outcome.failedStage().name().toLowerCase(Locale.ROOT)
                : outcome.status().name().toLowerCase(Locale.ROOT);
        state.lastResult = result;
        metrics.pass(result);
        return outcome;
    }

    private PassOutcome pass0(boolean settle) {
        try {
            synchronized (this) {
                state.lastPass = Instant.now();
                prepare();
            }
            ModelCatalog catalog = null;
            SourceException unavailable = null;
            long fetchStart = System.nanoTime();
            try {
                catalog = source.fetch();
            } catch (SourceException e) {
                unavailable = e;
            }
            metrics.polled(Duration.ofNanos(System.nanoTime() - fetchStart));
            synchronized (this) {
                return unavailable != null ? sourceFailed(unavailable) : apply(catalog, settle);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failedLocked(Stage.INTERNAL, "interrupted");
        } catch (RuntimeException e) {
            LOG.error("sync pass failed unexpectedly", e);
            return failedLocked(Stage.INTERNAL, "unexpected error: " + e);
        } finally {
            state.passFinished = true;
        }
    }

    /** Before the first successful poll: learn what the shared volume holds, and restore it from the ConfigMap. */
    private void prepare() throws InterruptedException {
        if (!seeded) {
            seedFromDisk();
            seeded = true;
        }
        if (!restoreSettled) {
            restoreFromConfigMap();
        }
    }

    private PassOutcome sourceFailed(SourceException e) throws InterruptedException {
        catchUpOnReload();
        return failed(Stage.SOURCE, e.getMessage(), null, 0);
    }

    private PassOutcome apply(ModelCatalog catalog, boolean settle) throws InterruptedException {
        restoreSettled = true;
        logNewRejections(catalog.rejections());

        int live = state.fileModelCount;
        if (catalog.models().isEmpty() && live > 0 && !config.allowEmpty()) {
            catchUpOnReload();
            return failed(Stage.EMPTY_LIST, "the model list is empty while " + live + " routes are live; keeping "
                    + "them (set ALLOW_EMPTY=true to apply an empty list)", null, 0);
        }

        RenderedConfig rendered;
        try {
            rendered = renderer.render(catalog);
        } catch (RuntimeException e) {
            catchUpOnReload();
            return failed(Stage.RENDER, "cannot render the configuration: " + e.getMessage(), null, 0);
        }
        String sha = rendered.sha256();
        if (sha.equals(state.rejectedHash)) {
            dropPending();
            return failed(Stage.REJECTED, "rejected:" + sha, "NGINX rejected this configuration (sha "
                    + rendered.shortHash() + ") before; waiting for a different model set or template", sha,
                    rendered.modelCount());
        }
        // Any other render is a change: if the rejected one comes back later, it gets another attempt.
        state.rejectedHash = null;

        if (sha.equals(state.nginxHash)) {
            pending = null;
            quiet.reset();
            // Same hash, same routes: names learnt here for a configuration found on disk or restored.
            state.nginxModels = catalog.models();
            if (!sha.equals(state.fileHash)) {
                String restored = restoreGoodFile();
                LOG.debugf("back to the configuration NGINX serves: %s", restored);
            }
            if (sha.equals(state.fileHash)) {
                state.fileError = null;
            }
            // NGINX serves exactly this configuration: what it refused or missed before is over.
            state.nginxError = null;
            succeeded();
            return new PassOutcome(Status.UNCHANGED, null, null, sha, rendered.modelCount(), List.of(), List.of(),
                    List.of(), 0, null, ConfigMapResult.NOT_REACHED, null).withConfigMap(recordInConfigMap(rendered));
        }
        // A change to live routes may be the first of a burst: wait until the list stays the same. Nothing is
        // written meanwhile, so NGINX restarting now loads the verified file.
        if (settle && state.nginxHash != null && !sha.equals(state.fileHash)
                && !quiet.ready(sha, System.nanoTime())) {
            succeeded();
            return PassOutcome.waiting(Status.SETTLING, sha, rendered.modelCount());
        }
        quiet.reset();
        if (!sha.equals(state.fileHash)) {
            try {
                writeFile(rendered);
            } catch (IOException e) {
                return failed(Stage.FILE, "cannot write " + config.nginxConfigFile() + " (the previous file is "
                        + "unchanged): " + e, sha, rendered.modelCount());
            }
        }
        pending = rendered;
        pendingModels = catalog.models();

        Duration wait = untilReloadAllowed();
        if (!wait.isZero()) {
            scheduleDeferredReload(wait);
            succeeded();
            return PassOutcome.waiting(Status.DEFERRED, sha, rendered.modelCount());
        }
        return reload(ModelChanges.between(state.nginxModels, pendingModels).summary(), true);
    }

    /**
     * Signals NGINX to take the pending configuration and waits for proof. Verified: it becomes the good
     * configuration and is recorded in the ConfigMap. Not verified: the previous good file is put back, and the
     * same configuration is not tried again until something else was rendered in between.
     *
     * @param coalesce whether this reload starts a RELOAD_MIN_INTERVAL window (a restore at startup does not)
     */
    private PassOutcome reload(String what, boolean coalesce) throws InterruptedException {
        RenderedConfig rendered = pending;
        List<Model> models = pendingModels;
        try {
            if (!rendered.sha256().equals(state.fileHash)) {
                writeFile(rendered);
            }
        } catch (IOException e) {
            return failed(Stage.FILE, "cannot write " + config.nginxConfigFile() + " (the previous file is "
                    + "unchanged): " + e, rendered.sha256(), rendered.modelCount());
        }
        NginxProcess.Master master;
        ReloadVerifier.Before before;
        try {
            master = nginx.findMaster();
            notePidFileProblem(master);
            before = verifier.before(master.pid());
            nginx.signal(master.pid());
        } catch (ApplyException e) {
            metrics.reload("failed", null);
            // An unverified file must not wait on the volume for a restarting NGINX to load it.
            String file = state.goodText != null
                    ? restoreGoodFile() + "; the new configuration is tried again next pass"
                    : "the file is written and NGINX reads it when it starts";
            return failed(Stage.NGINX, "NGINX was not reloaded: " + e.getMessage() + "; " + file,
                    rendered.sha256(), rendered.modelCount());
        }
        long signalled = System.nanoTime();
        if (coalesce) {
            lastReload = signalled;
        }
        Verification verification = verifier.verify(before, rendered.sha256());
        metrics.reload(verification.verified() ? "verified" : "rejected",
                verification.verified() ? Duration.ofNanos(System.nanoTime() - signalled) : null);
        if (!verification.verified()) {
            return rollBack(rendered, what, master.pid(), verification);
        }
        metrics.applied(rendered.sha256());
        ModelChanges changes = ModelChanges.between(state.nginxModels, models);
        state.nginxHash = rendered.sha256();
        state.goodText = rendered.text();
        state.nginxModels = models;
        state.nginxModelCount = rendered.modelCount();
        state.nginxPid = master.pid();
        state.lastApply = Instant.now();
        state.nginxError = null;
        pending = null;
        LOG.infof("applied %s, %d models, sha %s, nginx pid %d reloaded (verified: %s)", what, rendered.modelCount(),
                rendered.shortHash(), master.pid(), verification.detail());
        succeeded();
        return new PassOutcome(Status.APPLIED, null, null, rendered.sha256(), rendered.modelCount(), changes.added(),
                changes.removed(), changes.retargeted(), master.pid(), verification.detail(),
                ConfigMapResult.NOT_REACHED, null).withConfigMap(recordInConfigMap(rendered));
    }

    private PassOutcome rollBack(RenderedConfig rejected, String what, int master, Verification verification) {
        state.rejectedHash = rejected.sha256();
        pending = null;
        String restored = restoreGoodFile();
        if (!verification.definite()) {
            // No word from NGINX that it refused: it may still take the new file late. Reload what the file
            // holds now, so NGINX and the file agree.
            try {
                nginx.signal(master);
                restored += "; NGINX was signalled again to load it";
            } catch (ApplyException e) {
                restored += "; NGINX could not be signalled to load it: " + e.getMessage();
            }
        }
        return failed(Stage.REJECTED, "rejected:" + rejected.sha256(), "NGINX did not take the configuration sha "
                + rejected.shortHash() + " (" + what + "): " + verification.detail() + "; " + restored
                + "; the next attempt waits for a different model set or template", rejected.sha256(),
                rejected.modelCount());
    }

    /** Puts the last good configuration back on the volume; says what it did. */
    private String restoreGoodFile() {
        try {
            if (state.goodText != null) {
                SharedFileWriter.write(config.nginxConfigFile(), state.goodText);
                state.fileHash = state.nginxHash;
                state.fileModelCount = state.nginxHash != null ? state.nginxModelCount
                        : state.goodText.isBlank() ? 0 : 1;
                return "the previous file is back in place and NGINX keeps serving the previous routes";
            }
            // There was no file before the sidecar wrote one: going back means no file.
            Files.deleteIfExists(config.nginxConfigFile());
            state.fileHash = null;
            state.fileModelCount = 0;
            return "the file is removed, as there was none before";
        } catch (IOException e) {
            state.fileError = "the previous file could not be put back: " + e;
            return state.fileError;
        }
    }

    /** A configuration that waits for a reload is no longer wanted: put the good file back. */
    private void dropPending() {
        pending = null;
        if (state.fileHash != null && !state.fileHash.equals(state.nginxHash)) {
            LOG.debugf("dropped a pending configuration: %s", restoreGoodFile());
        }
    }

    private void writeFile(RenderedConfig rendered) throws IOException {
        SharedFileWriter.write(config.nginxConfigFile(), rendered.text());
        state.fileHash = rendered.sha256();
        state.fileModelCount = rendered.modelCount();
        state.fileError = null;
    }

    /** Records a verified configuration in the ConfigMap; a failure is retried by the next pass. */
    private PassOutcome.ConfigMapWrite recordInConfigMap(RenderedConfig rendered) {
        if (!config.configmapEnabled()) {
            return new PassOutcome.ConfigMapWrite(ConfigMapResult.DISABLED, null);
        }
        if (rendered.sha256().equals(state.configMapHash) && state.configMapWriter == null) {
            state.configMapError = null;
            return new PassOutcome.ConfigMapWrite(ConfigMapResult.UNCHANGED, null);
        }
        if (rendered.sha256().equals(tooBigHash)) {
            // Known not to fit: say so again without another request, another count or another metric.
            state.configMapError = tooBigMessage;
            return new PassOutcome.ConfigMapWrite(ConfigMapResult.FAILED, tooBigMessage);
        }
        long now = System.nanoTime();
        if (!configMapBackoff.due(now)) {
            // The API server failed the last attempt moments ago: do not ask again on every pass.
            return new PassOutcome.ConfigMapWrite(ConfigMapResult.FAILED, state.configMapError + " (next attempt in "
                    + Durations.human(configMapBackoff.untilDue(now).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)) + ")");
        }
        ConfigMapStore store = configMaps.get();
        try {
            if (config.configmapLease()) {
                WriterElection.Verdict verdict = election.check();
                if (!verdict.writer()) {
                    return following(store, verdict.holder());
                }
                state.configMapWriter = null;
            }
            ConfigMapResult result = ConfigMapResult.valueOf(store.write(rendered,
                    others -> ConfigMapLimit.problem(others, rendered.text(), config.renderLayout(),
                            config.nginxTemplateFile().isPresent())).name());
            tooBigHash = null;
            configMapBackoff.succeeded();
            metrics.configMapWrite(result.name().toLowerCase(Locale.ROOT));
            state.configMapHash = rendered.sha256();
            state.configMapError = null;
            if (result != ConfigMapResult.UNCHANGED) {
                state.configMapWritten = Instant.now();
            }
            int ended = configMapStreak.succeeded();
            if (ended > 0) {
                LOG.infof("ConfigMap %s is up to date again after %d failed writes", store.describe(), ended);
            }
            return new PassOutcome.ConfigMapWrite(result, null);
        } catch (ApplyException e) {
            metrics.configMapWrite("failed");
            state.configMapError = e.getMessage();
            if (e instanceof ConfigMapStore.TooLarge) {
                tooBigHash = rendered.sha256();
                tooBigMessage = e.getMessage();
            } else {
                configMapBackoff.failed(System.nanoTime());
            }
            // The write may have landed anyway (an answer lost after the API server stored it): read it again
            // before trusting it.
            state.configMapHash = null;
            if (configMapStreak.failed("configmap")) {
                LOG.warnf("%s; the file and NGINX are updated, the ConfigMap will be retried, at most a minute apart",
                        e.getMessage());
            }
            return new PassOutcome.ConfigMapWrite(ConfigMapResult.FAILED, e.getMessage());
        }
    }

    /** Another replica holds the Lease and records the ConfigMap: this one neither writes nor knows what it holds. */
    private PassOutcome.ConfigMapWrite following(ConfigMapStore store, String holder) {
        if (!holder.equals(state.configMapWriter)) {
            LOG.infof("ConfigMap %s is recorded by replica %s, which holds its Lease; this replica leaves it alone",
                    store.describe(), holder);
        }
        state.configMapWriter = holder;
        state.configMapHash = null;
        state.configMapError = null;
        configMapBackoff.succeeded();
        configMapStreak.succeeded();
        return new PassOutcome.ConfigMapWrite(ConfigMapResult.FOLLOWING, null);
    }

    /**
     * The file holds a configuration NGINX has not taken (it was not running, say): signal it even while the
     * source is down, so a restored or written file does not wait for the inference service.
     */
    private void catchUpOnReload() throws InterruptedException {
        if (pending != null && (deferredReload == null || deferredReload.isDone()) && untilReloadAllowed().isZero()) {
            reload(ModelChanges.between(state.nginxModels, pendingModels).summary(), true);
        }
    }

    /** Time left before another reload may be sent: zero for the first reload and when coalescing is off. */
    private Duration untilReloadAllowed() {
        Duration min = config.reloadMinInterval();
        if (lastReload == null || min.isZero() || min.isNegative()) {
            return Duration.ZERO;
        }
        Duration left = min.minusNanos(System.nanoTime() - lastReload);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** One reload at the end of the interval takes whatever the file holds by then. */
    private void scheduleDeferredReload(Duration wait) {
        if (deferredReload == null || deferredReload.isDone()) {
            deferredReload = timer.schedule(this::deferredReload, wait.toMillis() + 1, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void deferredReload() {
        if (pending == null) {
            return;
        }
        try {
            reload(ModelChanges.between(state.nginxModels, pendingModels).summary(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("deferred reload failed unexpectedly", e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        synchronized (this) {
            // A file NGINX has not proved it took (a reload still deferred, or cut short by the shutdown) must
            // not be left behind: the next sidecar would read its header as applied.
            if (state.goodText != null && state.fileHash != null && !state.fileHash.equals(state.nginxHash)) {
                LOG.infof("shutting down before NGINX took sha %s: %s", state.fileHash.substring(0, 8),
                        restoreGoodFile());
            }
        }
    }

    /**
     * A restarted sidecar finds the file it wrote before on the shared volume: its header says what NGINX
     * loaded, so an identical render is not written or signalled again, and an empty list cannot wipe it.
     */
    private void seedFromDisk() {
        try {
            SharedFileWriter.read(config.nginxConfigFile()).ifPresent(text -> {
                // Whatever NGINX reads now is what a rejected first render is rolled back to.
                state.goodText = text;
                Optional<ConfigHeader> header = ConfigHeader.parse(text);
                header.ifPresent(h -> {
                    state.fileHash = h.sha256();
                    state.nginxHash = h.sha256();
                    state.nginxModelCount = h.modelCount();
                    metrics.applied(h.sha256());
                });
                // A file without our header is someone else's: count it as live routes so it is not wiped.
                state.fileModelCount = header.map(ConfigHeader::modelCount).orElse(text.isBlank() ? 0 : 1);
            });
        } catch (IOException e) {
            LOG.warnf("cannot read %s at startup: %s", config.nginxConfigFile(), e);
        }
    }

    /**
     * A new pod starts with an empty shared volume: until the first successful poll, bring back the last
     * configuration NGINX took, from the ConfigMap, so routes are served even while the inference service is down.
     */
    private void restoreFromConfigMap() throws InterruptedException {
        if (!config.configmapEnabled() || state.fileModelCount > 0 || state.fileHash != null) {
            restoreSettled = true;
            return;
        }
        ConfigMapStore store = configMaps.get();
        Optional<String> recorded;
        try {
            recorded = store.read();
        } catch (ApplyException e) {
            if (!restoreWarned) {
                LOG.warnf("cannot read the last applied configuration from the ConfigMap yet, will try again every "
                        + "pass until the first successful poll: %s", e.getMessage());
                restoreWarned = true;
            }
            return;
        }
        restoreSettled = true;
        Optional<ConfigHeader> header = recorded.flatMap(ConfigHeader::parse);
        if (header.isEmpty()) {
            return;
        }
        RenderedConfig restored = new RenderedConfig(recorded.get(), header.get().sha256(), header.get().modelCount());
        try {
            SharedFileWriter.write(config.nginxConfigFile(), restored.text());
        } catch (IOException e) {
            LOG.warnf("cannot restore %s from ConfigMap %s: %s", config.nginxConfigFile(), store.describe(), e);
            return;
        }
        state.fileHash = restored.sha256();
        state.fileModelCount = restored.modelCount();
        state.configMapHash = restored.sha256();
        pending = restored;
        pendingModels = List.of();
        LOG.infof("restored %d routes (sha %s) from ConfigMap %s into %s before the first successful poll",
                restored.modelCount(), restored.shortHash(), store.describe(), config.nginxConfigFile());
        reload("routes restored from the ConfigMap", false);
    }

    private void notePidFileProblem(NginxProcess.Master master) {
        String problem = master.pidFileProblem();
        if (problem != null && !problem.equals(lastPidFileProblem)) {
            LOG.warnf("%s; signalling the only NGINX master in /proc instead, pid %d", problem, master.pid());
        }
        lastPidFileProblem = problem;
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

    private void succeeded() {
        state.lastSuccess = Instant.now();
        state.lastError = null;
        state.consecutiveFailures = 0;
        int ended = routesStreak.succeeded();
        if (ended > 0) {
            LOG.infof("sync recovered after %d failed passes", ended);
        }
    }

    private synchronized PassOutcome failedLocked(Stage stage, String error) {
        return failed(stage, error, null, 0);
    }

    private PassOutcome failed(Stage stage, String error, String sha, int models) {
        return failed(stage, stage.name(), error, sha, models);
    }

    /** Records a failed pass; {@code kind} decides what counts as the same streak (one WARN or ERROR per kind). */
    private PassOutcome failed(Stage stage, String kind, String error, String sha, int models) {
        state.lastError = error;
        state.consecutiveFailures++;
        switch (stage) {
            case FILE -> state.fileError = error;
            case NGINX, REJECTED -> state.nginxError = error;
            default -> {
                // the sinks are as they were
            }
        }
        if (routesStreak.failed(kind)) {
            if (stage == Stage.REJECTED) {
                LOG.errorf("sync failed (%s): %s", stage, error);
            } else {
                LOG.warnf("sync failed (%s): %s%s", stage, error,
                        stage == Stage.NGINX ? "" : "; the last good configuration stays in place");
            }
        } else {
            LOG.debugf("sync still failing (%s, %d passes): %s", stage, routesStreak.failures(), error);
        }
        return PassOutcome.failed(stage, error, sha, models);
    }
}
