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
import java.io.InputStream;
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
    private final ResponseSizeLimit sizeLimit;
    /** INFERENCE_SERVICE_TOKEN, or null: it never appears in a message. */
    private final String token;

    ModelSource(SyncConfig config) {
        this.location = location(config.inferenceServiceUrl(), config.modelsPath());
        this.defaultHost = config.upstreamHost();
        if (!ModelCatalog.isHostname(defaultHost)) {
            throw new IllegalArgumentException("UPSTREAM_HOST must be an RFC 1123 hostname or an IPv4 address, got '"
                    + defaultHost + "'");
        }
        this.timeout = config.requestTimeout();
        this.catalogs = new CatalogCache(defaultHost);
        long maxBytes = config.maxResponseBytes().asLongValue();
        if (maxBytes < 1) {
            throw new IllegalArgumentException("MAX_RESPONSE_BYTES must be at least 1 byte, got " + maxBytes);
        }
        this.sizeLimit = new ResponseSizeLimit(maxBytes);
        this.token = config.inferenceServiceToken().map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
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
                    .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .register(sizeLimit);
            if (token != null) {
                client.register(new BearerToken(token));
            }
            this.api = client.build(ModelsApi.class);
        }
    }

    /** The URL (or file) polled. */
    public URI location() {
        return location;
    }

    /**
     * Fetches and validates the model list; any failure of the response as a whole is a {@link SourceException},
     * whose message never holds INFERENCE_SERVICE_TOKEN.
     */
    public ModelCatalog fetch() throws SourceException {
        try {
            return fetch0();
        } catch (SourceException e) {
            if (token != null && e.getMessage() != null && e.getMessage().contains(token)) {
                throw new SourceException(e.getMessage().replace(token, "[redacted]"));
            }
            throw e;
        }
    }

    private ModelCatalog fetch0() throws SourceException {
        if (api == null) {
            // A local file needs no timeout, retries or breaker: read it once per poll.
            return catalogs.of(readFile());
        }
        try {
            return guard.call(() -> catalog(body()), ModelCatalog.class);
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

    /**
     * The catalog of a body. A body that is not a model list is quoted in the message, unless it holds the token
     * (a service echoing its request headers): a quote cut short could hold part of it.
     */
    private ModelCatalog catalog(String body) throws SourceException {
        try {
            return catalogs.of(body);
        } catch (SourceException e) {
            if (token != null && body.contains(token)) {
                throw new SourceException("the answer from " + location + " is not a model list; it is not quoted "
                        + "here because it contains INFERENCE_SERVICE_TOKEN");
            }
            throw e;
        }
    }

    private String readFile() throws SourceException {
        Path file = filePath(location);
        try {
            sizeLimit.check(Files.size(file), "model list file " + file);
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SourceException("model list file " + file + " does not exist");
        } catch (ResponseSizeLimit.TooLarge e) {
            throw new SourceException(e.getMessage());
        } catch (IOException e) {
            throw new SourceException("cannot read model list file " + file + ": " + e.getMessage(), e);
        }
    }

    private String body() throws SourceException {
        try (InputStream in = api.models()) {
            return sizeLimit.read(in);
        } catch (WebApplicationException e) {
            throw new SourceException("HTTP " + e.getResponse().getStatus() + " from " + location);
        } catch (ResponseSizeLimit.TooLarge e) {
            throw new SourceException(e.getMessage() + " (" + location + ")");
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ResponseSizeLimit.TooLarge) {
                throw new SourceException(cause.getMessage() + " (" + location + ")");
            }
            throw new SourceException("cannot reach " + location + ": " + cause, e);
        } catch (IOException e) {
            throw new SourceException("cannot read the model list from " + location + ": " + e, e);
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
