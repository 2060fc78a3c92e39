package io.github.nginxmodelsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged jar running as a long-lived sidecar beside its own real NGINX, as one replica of a Deployment: its
 * settings come from the environment, its HTTP port is chosen at run time, and its log goes to a file.
 */
public final class PackagedSidecar implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path dir;
    private volatile NginxServer nginx;
    private final int httpPort;
    private final Path log;
    private final Process process;

    private PackagedSidecar(String name, Path dir, NginxServer nginx, int httpPort, Path log, Process process) {
        this.name = name;
        this.dir = dir;
        this.nginx = nginx;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * Settings for a test: poll {@code inferenceUrl} every second with no retries and apply every change at once;
     * record the ConfigMap in {@code namespace} through {@code apiServerUrl}, with a Lease of 5 s.
     */
    public static Map<String, String> quickSettings(String inferenceUrl, String apiServerUrl, String namespace) {
        Map<String, String> settings = new HashMap<>();
        settings.put("INFERENCE_SERVICE_URL", inferenceUrl);
        settings.put("MODELS_PATH", "/v1/models");
        settings.put("CHECK_INTERVAL", "1");
        settings.put("MAX_RETRIES", "0");
        settings.put("REQUEST_TIMEOUT", "2");
        settings.put("RELOAD_MIN_INTERVAL", "0");
        settings.put("RELOAD_SETTLE", "0");
        settings.put("UPSTREAM_HOST", "127.0.0.1");
        settings.put("CONFIGMAP_NAMESPACE", namespace);
        settings.put("LEASE_DURATION", "5");
        settings.put("KUBERNETES_MASTER", apiServerUrl);
        return settings;
    }

    /**
     * Starts NGINX in {@code dir/nginx} and the sidecar beside it, with {@code settings} on top of the ones that
     * point it at that NGINX; POD_NAME is {@code name}.
     */
    public static PackagedSidecar start(String name, Path dir, Map<String, String> settings)
            throws IOException, InterruptedException {
        NginxServer nginx = NginxServer.start(dir.resolve("nginx"));
        int httpPort = NginxServer.freePort();
        Path log = dir.resolve("sidecar.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        // Small and single-threaded collectors: several replicas share two cores in CI.
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("KUBERNETES_"));
        env.put("POD_NAME", name);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("NGINX_CONFIG_FILE", nginx.modelsFile().toString());
        env.put("NGINX_PID_FILE", nginx.pidFile().toString());
        env.put("NGINX_ERROR_LOG", nginx.dir().resolve("error.log").toString());
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.putAll(settings);
        try {
            return new PackagedSidecar(name, dir, nginx, httpPort, log, builder.start());
        } catch (IOException e) {
            nginx.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public NginxServer nginx() {
        return nginx;
    }

    /** Kills NGINX with its workers and starts a new master in the same directory: same files, a new pid. */
    public NginxServer restartNginx(Runnable whileDown) throws IOException, InterruptedException {
        nginx.kill();
        whileDown.run();
        nginx = NginxServer.start(dir.resolve("nginx"));
        return nginx;
    }

    /** True when this replica's NGINX answers 200 for {@code path}. */
    public boolean serves(String path) {
        try {
            return nginx.get(path).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The rendered file on this replica's shared volume, or empty before the first write. */
    public String file() {
        try {
            return Files.readString(nginx.modelsFile());
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to {@code seconds} for {@code done}; on timeout fails with {@code what} and the sidecars' logs. */
    public static void await(String what, int seconds, BooleanSupplier done, Collection<PackagedSidecar> logsOf)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (PackagedSidecar sidecar : logsOf) {
                    logs.append("\n--- ").append(sidecar.name()).append(":\n").append(sidecar.log());
                }
                throw new AssertionError("not within " + seconds + "s: " + what + logs);
            }
            Thread.sleep(100);
        }
    }

    /** {@code GET /status}, or null while the sidecar does not answer. */
    public JsonNode status() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/status")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The value of one series at {@code /q/metrics}, e.g. {@code x_total{result="failed"}}; 0 when absent. */
    public double metric(String series) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    /** Lines of the sidecar's log holding {@code text}. */
    public List<String> logLines(String text) {
        return log().lines().filter(line -> line.contains(text)).toList();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, as Kubernetes stops a container, and waits for the exit; NGINX keeps running. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGKILL: the sidecar gets no chance to clean up, as when its node fails. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        nginx.close();
    }
}
