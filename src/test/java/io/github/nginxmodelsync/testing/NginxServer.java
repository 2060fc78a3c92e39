package io.github.nginxmodelsync.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real NGINX master (with one worker) on 127.0.0.1, started from a temporary prefix directory. Its
 * {@code server {}} includes {@code models/*.conf}, its pid file is {@code run/nginx.pid}, and its error log
 * is kept at {@code notice} level so reloads can be counted.
 */
public final class NginxServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final int port;
    private final Process process;

    private NginxServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts NGINX in {@code dir}; fails if it is not installed or does not answer within ten seconds. */
    public static NginxServer start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("models"));
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("tmp"));
        int port = freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes 1;
                pid %1$s/run/nginx.pid;
                error_log %1$s/error.log notice;
                daemon off;
                events { worker_connections 128; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        # What the compact layout's locations inherit (the full layout sets the same per location).
                        proxy_http_version 1.1;
                        proxy_set_header Host $host;
                        proxy_set_header X-Real-IP $remote_addr;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        location = /healthz { return 200 "ok"; }
                        location / { return 404; }
                        include %1$s/models/*.conf;
                    }
                }
                """.formatted(dir.toAbsolutePath(), port));
        Process process = new ProcessBuilder(binary(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        NginxServer nginx = new NginxServer(dir, port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("stdout.log")) + nginx.errorLog());
            }
            if (Files.exists(nginx.pidFile()) && nginx.tryGet("/healthz") == 200) {
                return nginx;
            }
            Thread.sleep(50);
        }
        nginx.close();
        throw new IllegalStateException("nginx did not answer within 10s: " + nginx.errorLog());
    }

    /** The nginx binary: NGINX_BINARY, else the first of /usr/sbin/nginx and the PATH. */
    public static String binary() {
        String configured = System.getenv("NGINX_BINARY");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    public Path dir() {
        return dir;
    }

    public Path modelsFile() {
        return dir.resolve("models").resolve("models.conf");
    }

    public Path pidFile() {
        return dir.resolve("run").resolve("nginx.pid");
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** How many SIGHUP reloads NGINX has logged ("signal 1 (SIGHUP) received ..., reconfiguring"). */
    public int reloads() {
        return (int) errorLines().stream().filter(line -> line.contains("(SIGHUP) received")).count();
    }

    /** How many reloads the master with this pid has logged (the log outlives a master killed and started again). */
    public int reloadsOf(long masterPid) {
        String prefix = " " + masterPid + "#" + masterPid + ": ";
        return (int) errorLines().stream()
                .filter(line -> line.contains(prefix) && line.contains("(SIGHUP) received")).count();
    }

    /** Waits until NGINX has logged at least {@code count} reloads and its new worker answers. */
    public void awaitReloads(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reloads() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " reloads, NGINX logged " + reloads() + ":\n" + errorLog());
            }
            Thread.sleep(20);
        }
    }

    /** GET through NGINX; returns status and body. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * GET until the answer has the expected status (the old worker may still answer for a moment after a
     * reload); returns the last answer.
     */
    public HttpResponse<String> awaitStatus(String path, int status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        HttpResponse<String> response = get(path);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(20);
            response = get(path);
        }
        return response;
    }

    public String errorLog() {
        return String.join("\n", errorLines());
    }

    private List<String> errorLines() {
        try {
            return Files.readAllLines(dir.resolve("error.log"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private int tryGet(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** SIGKILL to the master and its workers, as when NGINX's container is killed: the pid file stays behind. */
    public void kill() throws InterruptedException {
        List<ProcessHandle> workers = process.toHandle().children().toList();
        process.destroyForcibly().waitFor();
        for (ProcessHandle worker : workers) {
            worker.destroyForcibly();
            worker.onExit().join();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
