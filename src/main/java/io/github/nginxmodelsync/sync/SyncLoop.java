package io.github.nginxmodelsync.sync;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.inject.Singleton;

/** Runs a pass every CHECK_INTERVAL, the first right after startup; a pass still running makes the next one skip. */
@Singleton
public class SyncLoop {

    private final Reconciler reconciler;

    SyncLoop(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Scheduled(identity = "sync", every = "${nms.check-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        reconciler.pass();
    }
}
