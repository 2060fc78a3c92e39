package io.github.nginxmodelsync.testing;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.SkippedExecution;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Test-only bean: when the application started, and how many scheduled executions were skipped. */
@Singleton
public class SchedulerEvents {

    private volatile Instant started;
    private final AtomicInteger skipped = new AtomicInteger();

    void onStart(@Observes StartupEvent event) {
        started = Instant.now();
    }

    void onSkipped(@Observes SkippedExecution event) {
        skipped.incrementAndGet();
    }

    public Instant started() {
        return started;
    }

    public int skipped() {
        return skipped.get();
    }
}
