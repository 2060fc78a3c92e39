package io.github.nginxmodelsync.apply;

import io.github.nginxmodelsync.config.Durations;
import io.github.nginxmodelsync.config.SyncConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Proof that a reload took the new configuration, instead of hope: either NGINX_VERIFY_URL answers the new
 * hash, or the master replaced its workers (NGINX keeps its old workers when it rejects a configuration).
 * An {@code [emerg]} line in NGINX_ERROR_LOG ends the wait early.
 */
@Singleton
public class ReloadVerifier {

    private static final Duration POLL = Duration.ofMillis(20);

    private final Duration timeout;
    private final Optional<URI> versionUrl;
    private final NginxProcess nginx;
    private final NginxErrorLog errorLog;
    private final HttpClient http;

    @Inject
    ReloadVerifier(SyncConfig config, NginxProcess nginx, NginxErrorLog errorLog) {
        this.timeout = config.reloadVerifyTimeout();
        this.versionUrl = config.nginxVerifyUrl();
        this.nginx = nginx;
        this.errorLog = errorLog;
        this.http = versionUrl.isPresent()
                ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()
                : null;
    }

    /**
     * The result of one verification.
     *
     * @param verified true when NGINX proved it serves the new configuration
     * @param definite true when NGINX itself said it refused the configuration (an {@code [emerg]} line), so it
     *     certainly kept the previous one; false when the proof just did not come in time
     * @param detail how it was proven, or why it was not
     */
    public record Verification(boolean verified, boolean definite, String detail) {
    }

    /** What to note before the signal, so the verification can tell old from new. */
    public record Before(int master, Set<Integer> workers, long logMark) {
    }

    /** Notes the master's workers and the end of the error log; call just before signalling. */
    public Before before(int master) {
        return new Before(master, versionUrl.isPresent() ? Set.of() : nginx.activeWorkers(master), errorLog.mark());
    }

    /** Waits up to RELOAD_VERIFY_TIMEOUT for proof that NGINX serves the configuration with {@code sha256}. */
    public Verification verify(Before before, String sha256) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            Optional<String> rejection = errorLog.rejectionSince(before.logMark());
            if (rejection.isPresent()) {
                return new Verification(false, true, "NGINX rejected it: " + rejection.get());
            }
            if (versionUrl.isPresent()) {
                last = askVersion(versionUrl.get());
                if (last.equals(sha256)) {
                    return new Verification(true, false, "version endpoint in " + millisSince(start) + " ms");
                }
            } else if (newGeneration(before.workers(), nginx.activeWorkers(before.master()))) {
                return new Verification(true, false, "new worker generation in " + millisSince(start) + " ms");
            }
            if (!nginx.alive(before.master())) {
                return new Verification(false, false, "NGINX master pid " + before.master()
                        + " exited during the reload");
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(POLL);
        }
        String within = Durations.human(timeout);
        String reason = versionUrl.isPresent()
                ? "NGINX_VERIFY_URL " + versionUrl.get() + " did not answer the new hash within " + within
                        + " (last answer: " + last + ")"
                : "NGINX started no new worker process within " + within + ": it kept its previous configuration";
        Optional<String> late = errorLog.rejectionSince(before.logMark());
        return new Verification(false, late.isPresent(), reason + late.map(r -> "; NGINX says: " + r).orElse(""));
    }

    /** Every old worker is gone or shutting down, and a new one serves: NGINX took the configuration. */
    static boolean newGeneration(Set<Integer> before, Set<Integer> now) {
        return !now.isEmpty() && now.stream().noneMatch(before::contains);
    }

    private String askVersion(URI url) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body().strip() : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static long millisSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
