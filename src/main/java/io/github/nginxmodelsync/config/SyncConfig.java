package io.github.nginxmodelsync.config;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.nio.file.Path;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.Optional;

/**
 * All settings of the sidecar. Each property is bound to its public environment name in
 * {@code application.properties}; the environment names are the contract documented in the README.
 */
@ConfigMapping(prefix = "nms")
public interface SyncConfig {

    /** INFERENCE_SERVICE_URL: base URL of the inference service; a {@code file:} URL names a JSON file. */
    URI inferenceServiceUrl();

    /** INFERENCE_SERVICE_TOKEN: sent as {@code Authorization: Bearer <token>} when set; never logged. */
    Optional<String> inferenceServiceToken();

    /** MODELS_PATH: path of the model list, appended to the base URL (ignored for {@code file:}). */
    String modelsPath();

    /** CHECK_INTERVAL: time between two polls. */
    Duration checkInterval();

    /** MAX_RETRIES: retries of one poll after the first request failed. */
    int maxRetries();

    /** RETRY_DELAY: pause between two attempts of one poll. */
    Duration retryDelay();

    /** REQUEST_TIMEOUT: time allowed for one request to the inference service. */
    Duration requestTimeout();

    /** MAX_RESPONSE_BYTES: a model list larger than this is refused without being read whole. */
    MemorySize maxResponseBytes();

    /** CONFIGMAP_ENABLED: {@code false} keeps the ConfigMap sink off (file and NGINX only). */
    boolean configmapEnabled();

    /** CONFIGMAP_NAME: the ConfigMap that records the applied configuration. */
    String configmapName();

    /** CONFIGMAP_NAMESPACE: its namespace; empty means the client's namespace, else {@code default}. */
    Optional<String> configmapNamespace();

    /** CONFIGMAP_KEY: the data key holding the rendered configuration. */
    String configmapKey();

    /**
     * CONFIGMAP_LEASE: {@code true} (default) lets only the replica holding the Lease of the ConfigMap's name write
     * the ConfigMap; {@code false} lets every replica write it.
     */
    boolean configmapLease();

    /** LEASE_DURATION: how long a claim on the Lease lasts unrenewed; the holder renews every third of it. */
    Duration leaseDuration();

    /** POD_NAME: this replica's name in the Lease; HOSTNAME (the pod's name) by default. */
    Optional<String> podName();

    /** NGINX_CONFIG_FILE: the rendered file on the volume shared with NGINX. */
    Path nginxConfigFile();

    /** NGINX_PID_FILE: the pid file of the NGINX master process. */
    Path nginxPidFile();

    /** UPSTREAM_HOST: host used in {@code proxy_pass} when a model names none. */
    String upstreamHost();

    /** LOCATION_PREFIX: path prefix of every model location, e.g. {@code /api/v1/predict/}. */
    String locationPrefix();

    /** NGINX_TEMPLATE_FILE: a Qute template file that replaces the built-in template. */
    Optional<Path> nginxTemplateFile();

    /** ALLOW_EMPTY: apply an empty model list even while routes exist. */
    boolean allowEmpty();

    /** RELOAD_VERIFY_TIMEOUT: how long NGINX has to prove that a reload took the new configuration. */
    Duration reloadVerifyTimeout();

    /** NGINX_VERIFY_URL: the version location to poll after a reload; empty means: watch NGINX's workers. */
    Optional<URI> nginxVerifyUrl();

    /** NGINX_ERROR_LOG: NGINX's error log, read for the reason when a reload is rejected. */
    Optional<Path> nginxErrorLog();

    /** READINESS_MAX_STALENESS: when set, readiness goes DOWN after this long without a successful poll. */
    Optional<Duration> readinessMaxStaleness();

    /** RELOAD_MIN_INTERVAL: changes this close to the last reload are coalesced into one reload; 0 turns it off. */
    Duration reloadMinInterval();

    /**
     * RELOAD_SETTLE: a change seen by a scheduled poll is applied once the model list has stayed the same for this
     * long (at most ten times this long while it keeps changing); 0 applies every change at once. Requested passes
     * and the first configuration never wait.
     */
    Duration reloadSettle();

    /** SYNC_MIN_INTERVAL: requested passes ({@code POST /sync}) start at most once per this interval. */
    Duration syncMinInterval();

    /**
     * RENDER_LAYOUT: {@code full} (default) writes every proxy setting into each location; {@code compact}
     * writes one line per model and leaves the proxy settings to the enclosing {@code server}, so 10,000 models
     * fit a ConfigMap.
     */
    RenderLayout renderLayout();

    /** The built-in template: every proxy setting per location, or one line per model. */
    enum RenderLayout { FULL, COMPACT }

    /** LOG_FORMAT: {@code text} (default) or {@code json}, one JSON object per line on the console. */
    LogFormat logFormat();

    /** How log lines are written to the console. */
    enum LogFormat { TEXT, JSON }
}
