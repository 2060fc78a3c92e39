package io.github.nginxmodelsync.source;

import io.github.nginxmodelsync.catalog.ModelCatalog;
import io.github.nginxmodelsync.config.Durations;
import io.github.nginxmodelsync.config.SyncConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.inject.Singleton;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Where the model list comes from: the inference service over HTTP, or a JSON file for {@code file:} URLs.
 * Each poll is guarded by a timeout, retries and a circuit breaker, all sized from the configuration.
 */
@Singleton
public class ModelSource {

    /** Name of the circuit breaker, for maintenance (tests reset it). */
    public static final String BREAKER = "inference-service";

    private final URI location;
    private final String defaultHost;
    private final Duration timeout;
    private final Guard guard;
    private final ModelsApi api;
    private final CatalogCache catalogs;

    ModelSource(SyncConfig config) {
        this.location = location(config.inferenceServiceUrl(), config.modelsPath());
        this.defaultHost = config.upstreamHost();
        if (!ModelCatalog.isHostname(defaultHost)) {
            throw new IllegalArgumentException("UPSTREAM_HOST must be an RFC 1123 hostname or an IPv4 address, got '"
                    + defaultHost + "'");
        }
        this.timeout = config.requestTimeout();
        this.catalogs = new CatalogCache(defaultHost);
        this.guard = Guard.create()
                .withDescription("model list from " + location)
                .withRetry()
                .maxRetries(config.maxRetries())
                .delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
                // Exactly RETRY_DELAY apart, and never cut short by the default 180 s cap on all attempts.
                .jitter(0, ChronoUnit.MILLIS)
                .maxDuration(worstCase(config.maxRetries(), timeout, config.retryDelay()).toMillis(),
                        ChronoUnit.MILLIS)
                .abortOn(CircuitBreakerOpenException.class)
                .done()
                .withCircuitBreaker()
                .name(BREAKER)
                // One whole failed poll opens it; it stays open for one interval, so a source that is down
                // gets every other poll instead of every poll with all its retries.
                .requestVolumeThreshold(config.maxRetries() + 1)
                .failureRatio(1.0)
                .delay(config.checkInterval().toMillis(), ChronoUnit.MILLIS)
                .done()
                .withTimeout()
                .duration(timeout.toMillis(), ChronoUnit.MILLIS)
                .done()
                .build();
        if (isFile(location)) {
            this.api = null;
        } else {
            QuarkusRestClientBuilder client = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(location)
                    .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            config.inferenceServiceToken().filter(token -> !token.isBlank())
                    .ifPresent(token -> client.register(new BearerToken(token.strip())));
            this.api = client.build(ModelsApi.class);
        }
    }

    /** The URL (or file) polled. */
    public URI location() {
        return location;
    }

    /** Fetches and validates the model list; any failure of the response as a whole is a {@link SourceException}. */
    public ModelCatalog fetch() throws SourceException {
        if (api == null) {
            // A local file needs no timeout, retries or breaker: read it once per poll.
            return catalogs.of(readFile());
        }
        try {
            return guard.call(() -> catalogs.of(body()), ModelCatalog.class);
        } catch (SourceException e) {
            throw e;
        } catch (TimeoutException e) {
            throw new SourceException("no answer from " + location + " within REQUEST_TIMEOUT ("
                    + Durations.human(timeout) + ")", e);
        } catch (CircuitBreakerOpenException e) {
            throw new SourceException("not polling " + location + " for now: the circuit breaker opened after "
                    + "repeated failures", e);
        } catch (Exception e) {
            throw new SourceException("cannot fetch the model list from " + location + ": " + e.getMessage(), e);
        }
    }

    private String readFile() throws SourceException {
        Path file = filePath(location);
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SourceException("model list file " + file + " does not exist");
        } catch (IOException e) {
            throw new SourceException("cannot read model list file " + file + ": " + e.getMessage(), e);
        }
    }

    private String body() throws SourceException {
        try {
            return api.models();
        } catch (WebApplicationException e) {
            throw new SourceException("HTTP " + e.getResponse().getStatus() + " from " + location);
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SourceException("cannot reach " + location + ": " + cause, e);
        }
    }

    /**
     * Every attempt timing out, with every pause between them, plus a second of slack. SmallRye also refuses a
     * cap shorter than one RETRY_DELAY, even with no retries, so there is always room for one pause.
     */
    static Duration worstCase(int maxRetries, Duration requestTimeout, Duration retryDelay) {
        return requestTimeout.multipliedBy(maxRetries + 1L)
                .plus(retryDelay.multipliedBy(Math.max(maxRetries, 1)))
                .plusSeconds(1);
    }

    /** INFERENCE_SERVICE_URL joined with MODELS_PATH; a {@code file:} URL names the file itself. */
    static URI location(URI base, String path) {
        if (isFile(base) || path.isEmpty()) {
            return base;
        }
        String left = base.toString().replaceAll("/+$", "");
        String right = path.startsWith("/") ? path : "/" + path;
        return URI.create(left + right);
    }

    static boolean isFile(URI uri) {
        return "file".equalsIgnoreCase(uri.getScheme());
    }

    /** {@code file:/abs/models.json}, {@code file:///abs/models.json} or a relative {@code file:models.json}. */
    static Path filePath(URI uri) {
        return uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri.getPath());
    }
}
