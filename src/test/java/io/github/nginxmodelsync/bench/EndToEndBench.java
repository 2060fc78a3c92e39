package io.github.nginxmodelsync.bench;

import io.github.nginxmodelsync.testing.InferenceStub;
import io.github.nginxmodelsync.testing.JvmImage;
import io.github.nginxmodelsync.testing.ModelLists;
import io.github.nginxmodelsync.testing.NginxServer;
import io.github.nginxmodelsync.testing.UpstreamStub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end figures of the packaged sidecar (bench/run): the jar runs as a process with the JVM flags of
 * src/main/docker/Dockerfile.jvm, beside a real NGINX and an inference-service stub on 127.0.0.1. Prints a
 * Markdown table. BENCH_IDLE_SECONDS sets the idle run (default 300).
 */
public final class EndToEndBench {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path AOT_CACHE = Path.of("target/quarkus-app/app.aot");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private final List<String> rows = new ArrayList<>();
    private final Path dir;
    private NginxServer nginx;
    private InferenceStub inference;
    private UpstreamStub upstream;

    private EndToEndBench(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        int idleSeconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_IDLE_SECONDS", "300"));
        EndToEndBench bench = new EndToEndBench(Files.createTempDirectory("nginx-model-sync-bench"));
        try {
            bench.start();
            bench.startupToReady();
            bench.scenarios(idleSeconds);
        } finally {
            bench.stop();
        }
        System.out.println();
        System.out.println("JVM flags (from Dockerfile.jvm): " + String.join(" ", imageFlags()));
        System.out.println();
        System.out.println("| end to end | figure | target |");
        System.out.println("|---|---:|---|");
        bench.rows.forEach(System.out::println);
    }

    private void start() throws Exception {
        nginx = NginxServer.start(dir.resolve("nginx"));
        inference = new InferenceStub();
        upstream = new UpstreamStub("a");
        inference.respond(ModelLists.many("model", 10, upstream.port()));
    }

    private void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
        if (inference != null) {
            inference.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Process start to readiness UP (NGINX serving a verified configuration), with and without the AOT cache. */
    private void startupToReady() throws Exception {
        for (boolean aot : new boolean[] {false, true}) {
            if (aot && !Files.exists(AOT_CACHE)) {
                rows.add("| startup to ready, with the AOT cache | not built | |");
                continue;
            }
            long[] millis = new long[3];
            for (int run = 0; run < millis.length; run++) {
                Files.deleteIfExists(nginx.modelsFile());
                inference.respond(ModelLists.many("boot" + run, 10, upstream.port()));
                long start = System.nanoTime();
                Sidecar sidecar = launch(aot, Map.of());
                try {
                    sidecar.awaitReady();
                    millis[run] = (System.nanoTime() - start) / 1_000_000;
                } finally {
                    sidecar.stop();
                }
            }
            Arrays.sort(millis);
            rows.add(String.format("| startup to ready, %s AOT cache (median of 3) | %d ms | |",
                    aot ? "with the" : "without", millis[1]));
        }
    }

    private void scenarios(int idleSeconds) throws Exception {
        inference.respond(ModelLists.many("model", 10, upstream.port()));
        // A poll an hour: only POST /sync can bring the change.
        Sidecar pushed = launch(false, Map.of("CHECK_INTERVAL", "3600"));
        try {
            pushed.awaitReady();
            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                Thread.sleep(2100); // past RELOAD_MIN_INTERVAL and SYNC_MIN_INTERVAL: a lone change
                String name = "pushed-" + i;
                inference.respond(withExtra(name));
                long start = System.nanoTime();
                post(pushed.url("/sync"));
                awaitServed("/" + name + "/x");
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            rows.add(String.format("| POST /sync to the new route served by NGINX (median / max of 5) | %d / %d ms "
                    + "| under 1 s |", millis[2], millis[4]));
        } finally {
            pushed.stop();
        }

        // Polled changes and bursts with RELOAD_SETTLE off and at its default; the idle run uses the defaults.
        for (String settle : List.of("0", "500ms")) {
            inference.respond(ModelLists.many("model", 10, upstream.port()));
            Sidecar sidecar = launch(false, Map.of("CHECK_INTERVAL", "1", "RELOAD_SETTLE", settle));
            try {
                sidecar.awaitReady();
                polledChanges(settle);
                if (settle.equals("500ms")) {
                    idle(sidecar, idleSeconds);
                }
            } finally {
                sidecar.stop();
            }
        }
    }

    private void polledChanges(String settle) throws Exception {
        Thread.sleep(3000);
        long[] polled = new long[5];
        for (int i = 0; i < polled.length; i++) {
            String name = "polled-" + settle + "-" + i;
            Thread.sleep(2100);
            long start = System.nanoTime();
            inference.respond(withExtra(name));
            awaitServed("/" + name + "/x");
            polled[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(polled);
        rows.add(String.format("| source change to served, CHECK_INTERVAL=1s, RELOAD_SETTLE=%s (median / max of 5) "
                + "| %d / %d ms | |", settle, polled[2], polled[4]));

        Thread.sleep(3000);
        int reloadsBefore = nginx.reloads();
        for (int i = 0; i < 20; i++) {
            inference.respond(withExtra("burst-" + settle + "-" + i));
            Thread.sleep(100);
        }
        awaitServed("/burst-" + settle + "-19/x");
        Thread.sleep(4000);
        rows.add(String.format("| reloads caused by 20 changes in 2 s, RELOAD_SETTLE=%s (RELOAD_MIN_INTERVAL=2s) | %d "
                + "| 1 |", settle, nginx.reloads() - reloadsBefore));
    }

    private void idle(Sidecar sidecar, int idleSeconds) throws Exception {
        inference.respond(withExtra("idle"));
        awaitServed("/idle/x");
        Thread.sleep(5000);
        inference.resetCounters();
        long cpuBefore = sidecar.cpuTicks();
        long wallBefore = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        long cpu = sidecar.cpuTicks() - cpuBefore;
        int polls = inference.requests();
        double seconds = (System.nanoTime() - wallBefore) / 1e9;
        rows.add(String.format("| CPU per idle poll (%d polls in %.0f s, all process CPU) | %.2f ms | under 1 ms |",
                polls, seconds, cpu * 1000.0 / CLOCK_TICKS / polls));
        rows.add(String.format("| resident memory after %.0f s of idle polling (VmRSS) | %.1f MB | at most 56 MB |",
                seconds, sidecar.rssKb() / 1024.0));
    }

    private String withExtra(String name) {
        List<Object> pairs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pairs.add(String.format("model-%05d", i));
            pairs.add(upstream.port());
        }
        pairs.add(name);
        pairs.add(upstream.port());
        return ModelLists.json(pairs.toArray());
    }

    private void awaitServed(String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (nginx.get(path).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " was not served within 30 s");
            }
            Thread.sleep(5);
        }
    }

    private static void post(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + uri + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The java flags of the JVM image's ENTRYPOINT, so the figures are those of the image. */
    static List<String> imageFlags() throws IOException {
        List<String> flags = new ArrayList<>(JvmImage.entrypointFlags());
        flags.removeIf(flag -> flag.startsWith("-XX:AOTCache")); // added by the run that measures it
        return flags;
    }

    private Sidecar launch(boolean aot, Map<String, String> extraEnv) throws Exception {
        int port = NginxServer.freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(imageFlags());
        if (aot) {
            command.add("-XX:AOTCache=app.aot");
            command.add("-XX:AOTMode=on"); // fail instead of silently starting without the cache
        }
        command.add("-jar");
        command.add("quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(JAR.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sidecar-" + System.nanoTime() + ".log").toFile());
        Map<String, String> env = new HashMap<>();
        env.put("INFERENCE_SERVICE_URL", inference.url());
        env.put("MODELS_PATH", "/v1/models");
        env.put("NGINX_CONFIG_FILE", nginx.modelsFile().toString());
        env.put("NGINX_PID_FILE", nginx.pidFile().toString());
        env.put("NGINX_ERROR_LOG", nginx.dir().resolve("error.log").toString());
        env.put("UPSTREAM_HOST", "127.0.0.1");
        env.put("CONFIGMAP_ENABLED", "false");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.putAll(extraEnv);
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("JDK_JAVA"));
        builder.environment().putAll(env);
        return new Sidecar(builder.start(), port);
    }

    /** The sidecar process under measurement. */
    private record Sidecar(Process process, int port) {

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url("/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the sidecar did not become ready");
                }
                Thread.sleep(5);
            }
        }

        /** utime + stime of the process, in clock ticks, from /proc/<pid>/stat. */
        long cpuTicks() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        long rssKb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS");
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
