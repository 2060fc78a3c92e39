package io.github.nginxmodelsync.metrics;

import io.github.nginxmodelsync.catalog.Rejection;
import io.github.nginxmodelsync.sync.SyncState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prometheus metrics at {@code /q/metrics}, all named {@code nginx_model_sync_*}. */
@Singleton
public class SyncMetrics {

    private static final String PREFIX = "nginx.model.sync.";
    private static final List<String> REJECTION_KINDS = List.of("name", "port", "host", "duplicate", "entry");

    private final MeterRegistry registry;
    private final Timer pollDuration;
    private final Timer reloadDuration;
    private final MultiGauge configInfo;

    SyncMetrics(MeterRegistry registry, SyncState state) {
        this.registry = registry;
        // The registry can outlive an application (tests, dev-mode restarts): drop meters bound to an earlier
        // application's state, or the registry would hand them back instead of registering ours.
        registry.getMeters().stream().filter(m -> m.getId().getName().startsWith(PREFIX)).toList()
                .forEach(registry::remove);
        this.pollDuration = Timer.builder(PREFIX + "poll.duration")
                .description("Time to fetch and validate the model list, retries included").register(registry);
        this.reloadDuration = Timer.builder(PREFIX + "reload.duration")
                .description("Time from SIGHUP to the proof that NGINX serves the new configuration (verified reloads)")
                .register(registry);
        // Strong references: a gauge holds its object weakly by default and would vanish after a GC.
        Gauge.builder(PREFIX + "models.routed", state, SyncState::appliedModelCount).strongReference(true)
                .description("Model routes in the configuration NGINX serves").register(registry);
        Gauge.builder(PREFIX + "last.success.timestamp", state,
                        s -> s.lastSuccess() == null ? 0 : s.lastSuccess().toEpochMilli() / 1000.0)
                .strongReference(true).baseUnit("seconds").description("When the last pass succeeded (Unix time)")
                .register(registry);
        for (String kind : REJECTION_KINDS) {
            Gauge.builder(PREFIX + "models.rejected", state, s -> count(s.rejections(), kind))
                    .strongReference(true).tag("reason", kind)
                    .description("Entries of the last model list that were rejected").register(registry);
        }
        this.configInfo = MultiGauge.builder(PREFIX + "config.info")
                .description("The configuration NGINX serves; the value is always 1").register(registry);
    }

    /** A pass ended with this result (the status, or the stage it failed at). */
    public void pass(String result) {
        counter("polls", "result", result).increment();
    }

    public void polled(Duration duration) {
        pollDuration.record(duration);
    }

    /** A reload ended: {@code verified}, {@code rejected}, or {@code failed} (NGINX could not be signalled). */
    public void reload(String result, Duration duration) {
        counter("reloads", "result", result).increment();
        if (duration != null) {
            reloadDuration.record(duration);
        }
    }

    /** A ConfigMap write ended: {@code created}, {@code updated}, {@code unchanged} or {@code failed}. */
    public void configMapWrite(String result) {
        counter("configmap.writes", "result", result).increment();
    }

    /** The configuration NGINX serves now, as an info-style gauge labelled with its hash. */
    public void applied(String sha256) {
        configInfo.register(List.of(MultiGauge.Row.of(Tags.of("sha256", sha256), 1)), true);
    }

    private Counter counter(String name, String tag, String value) {
        return Counter.builder(PREFIX + name).tag(tag, value).register(registry);
    }

    static double count(List<Rejection> rejections, String kind) {
        Map<String, Long> byKind = rejections.stream()
                .collect(Collectors.groupingBy(Rejection::kind, TreeMap::new, Collectors.counting()));
        return byKind.getOrDefault(kind, 0L);
    }
}
