package io.github.nginxmodelsync.sync;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.inject.Singleton;

/**
 * Runs a pass every CHECK_INTERVAL, the first right after startup; a pass still running makes the next one skip.
 * Passes run on the {@link SyncTrigger}'s thread, one at a time with requested ones.
 */
@Singleton
public class SyncLoop {

    private final SyncTrigger trigger;

    SyncLoop(SyncTrigger trigger) {
        this.trigger = trigger;
    }

    @Scheduled(identity = "sync", every = "${nms.check-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        trigger.scheduled();
    }
}
