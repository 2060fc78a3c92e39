package io.github.nginxmodelsync.sync;

import io.github.nginxmodelsync.catalog.Rejection;
import io.github.nginxmodelsync.config.SyncConfig;
import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Decides when a pass runs: on the schedule, or on request ({@code POST /sync}). Passes run one at a time on
 * one thread.
 *
 * <p>A request is answered by a pass that starts after it arrived, never by one already fetching (that one may
 * have read the model list before the change the caller wants to see). Every request that arrives before that
 * pass starts shares it. Requested passes start at most once per SYNC_MIN_INTERVAL, so a flood of requests
 * costs the inference service at most one poll per interval. Requested passes apply a change at once; a
 * scheduled pass that finds the model list changing polls again after RELOAD_SETTLE until it stays the same.
 */
@Singleton
public class SyncTrigger {

    private static final Logger LOG = Logger.getLogger(SyncTrigger.class);

    /** Why a requested pass will not run: the sidecar is shutting down. */
    public static final class ShuttingDown extends IllegalStateException {
        ShuttingDown() {
            super("the sidecar is shutting down");
        }
    }

    /** A requested pass: its outcome, the entries rejected from the list it fetched, and how long it took. */
    public record Requested(PassOutcome outcome, List<Rejection> rejections, Duration duration) {

        /**
         * A pass that started at {@code startNanos} ({@link System#nanoTime()}) and ended now: its rejections are
         * those of the list it fetched, none when it fetched nothing.
         */
        public static Requested of(PassOutcome outcome, SyncState state, long startNanos) {
            List<Rejection> rejections = outcome.failedStage() == Stage.SOURCE ? List.of() : state.rejections();
            return new Requested(outcome, rejections, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    private final Reconciler reconciler;
    private final SyncState state;
    private final Duration minInterval;
    private final Duration verifyTimeout;
    private final Duration settle;
    private final ScheduledThreadPoolExecutor runner = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("nginx-model-sync-pass").daemon().factory());

    /** The requested pass that has not started yet, shared by every request until it starts. */
    private CompletableFuture<Requested> next;
    /** When the last requested pass started (System.nanoTime), or null before the first. */
    private Long lastRequested;
    /** Whether a look at a settling change is scheduled. */
    private boolean recheckQueued;
    private boolean stopped;

    SyncTrigger(Reconciler reconciler, SyncState state, SyncConfig config) {
        this.reconciler = reconciler;
        this.state = state;
        this.minInterval = config.syncMinInterval();
        this.verifyTimeout = config.reloadVerifyTimeout();
        this.settle = config.reloadSettle();
        // At shutdown a requested pass that has not started is answered "shutting down", not run.
        runner.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Asks for a pass now; completes when a pass that started after this call has finished. */
    public synchronized CompletionStage<Requested> request() {
        if (stopped) {
            return CompletableFuture.failedStage(new ShuttingDown());
        }
        if (next == null) {
            CompletableFuture<Requested> pass = new CompletableFuture<>();
            runner.schedule(() -> runRequested(pass), untilAllowed(System.nanoTime()), TimeUnit.NANOSECONDS);
            next = pass;
        }
        return next.minimalCompletionStage();
    }

    /** Nanoseconds before another requested pass may start: zero for the first one. */
    private long untilAllowed(long now) {
        if (lastRequested == null) {
            return 0;
        }
        return Math.max(0, minInterval.toNanos() - (now - lastRequested));
    }

    private void runRequested(CompletableFuture<Requested> pass) {
        long start = System.nanoTime();
        synchronized (this) {
            next = null;
            lastRequested = start;
        }
        try {
            pass.complete(Requested.of(reconciler.pass(), state, start));
        } catch (RuntimeException | Error e) {
            pass.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * The scheduled pass: runs on the pass thread and returns when it is done. It is skipped while a requested
     * pass is waiting to start, as that one polls soon anyway.
     */
    void scheduled() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (next != null) {
                LOG.debug("scheduled pass skipped: a requested pass is about to run");
                return;
            }
        }
        Future<PassOutcome> pass = runner.submit(this::scheduledPass);
        try {
            pass.get();
        } catch (InterruptedException e) {
            pass.cancel(true);
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("scheduled pass failed unexpectedly", e.getCause());
        }
    }

    /** A pass on the schedule; a change still settling is looked at again after RELOAD_SETTLE. */
    private PassOutcome scheduledPass() {
        PassOutcome outcome = reconciler.scheduledPass();
        if (outcome.status() == Status.SETTLING) {
            synchronized (this) {
                if (!stopped && !recheckQueued) {
                    recheckQueued = true;
                    runner.schedule(this::recheck, settle.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }
        return outcome;
    }

    private void recheck() {
        synchronized (this) {
            recheckQueued = false;
        }
        scheduledPass();
    }

    /**
     * Lets a running pass finish (a reload is not cut between its signal and its proof) for up to
     * RELOAD_VERIFY_TIMEOUT plus a second, then stops; a requested pass that has not started is answered
     * "shutting down".
     */
    void stop(@Observes ShutdownEvent event) {
        CompletableFuture<Requested> waiting;
        synchronized (this) {
            stopped = true;
            waiting = next;
            next = null;
            runner.shutdown();
        }
        if (waiting != null) {
            waiting.completeExceptionally(new ShuttingDown());
        }
        try {
            if (!runner.awaitTermination(verifyTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                runner.shutdownNow();
            }
        } catch (InterruptedException e) {
            runner.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
