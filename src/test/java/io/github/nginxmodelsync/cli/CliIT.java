package io.github.nginxmodelsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nginxmodelsync.testing.InferenceStub;
import io.github.nginxmodelsync.testing.ModelLists;
import io.github.nginxmodelsync.testing.NginxServer;
import io.github.nginxmodelsync.testing.UpstreamStub;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run as a user runs it, {@code java -jar quarkus-run.jar --once | --dry-run}, against a real
 * NGINX, a real inference-service stub and a stand-in API server that counts every request it gets.
 */
class CliIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The entries of the golden file three-models.conf, then one the contract rejects. */
    private static final String THREE_AND_A_BAD_ONE = """
            {"models":[{"model_name":"sentiment","port":"8080"},{"model_name":"resnet50","port":8081},\
            {"model_name":"llama-3.1-8b","port":"8000","host":"llm-gateway"},{"model_name":"bad name","port":1}]}""";

    @TempDir
    Path dir;

    private NginxServer nginx;
    private InferenceStub inference;
    private InferenceStub apiServer;
    private UpstreamStub upstream;

    record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void startNeighbours() throws Exception {
        nginx = NginxServer.start(dir.resolve("nginx"));
        inference = new InferenceStub();
        apiServer = new InferenceStub().respond(500, "application/json", "{}");
        upstream = new UpstreamStub("a");
    }

    @AfterEach
    void stopNeighbours() throws Exception {
        nginx.close();
        inference.close();
        apiServer.close();
        upstream.close();
    }

    @Test
    void dryRunPrintsTheExactRenderedTextAndTouchesNothing() throws Exception {
        inference.respond(THREE_AND_A_BAD_ONE);
        Files.writeString(nginx.modelsFile(), "# what NGINX serves now\n");

        Run run = run("--dry-run");

        assertEquals(SidecarApplication.REJECTED_ENTRIES, run.exitCode(), run.stderr());
        assertEquals(golden("three-models.conf"), run.stdout());
        assertTrue(run.stderr().contains("rejected models[3] \"bad name\": model_name may only hold"), run.stderr());
        assertEquals("# what NGINX serves now\n", Files.readString(nginx.modelsFile()));
        assertEquals(List.of(nginx.modelsFile()), listModelsDir(), "no other file was written");
        assertEquals(0, nginx.reloads(), "NGINX must not be signalled");
        assertEquals(0, apiServer.requests(), "the Kubernetes API must not be called");
        assertEquals(1, inference.requests());
    }

    @Test
    void dryRunOfAValidListExits0() throws Exception {
        inference.respond(THREE_AND_A_BAD_ONE.replace(",{\"model_name\":\"bad name\",\"port\":1}", ""));

        Run run = run("--dry-run");

        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(golden("three-models.conf"), run.stdout());
        assertFalse(run.stderr().contains("rejected"), run.stderr());
    }

    @Test
    void dryRunWithTheSourceDownExits1AndPrintsNoConfiguration() throws Exception {
        inference.respond(503, "text/plain", "maintenance");

        Run run = run("--dry-run");

        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().contains("dry run failed: HTTP 503 from " + inference.url() + "/v1/models"),
                run.stderr());
    }

    @Test
    void onceAppliesTheListReloadsNginxAndExits0() throws Exception {
        inference.respond(ModelLists.json("once-1", upstream.port()));

        Run run = run("--once");

        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode outcome = JSON.readTree(run.stdout());
        assertEquals("applied", outcome.get("status").asText());
        assertEquals("once-1", outcome.at("/added/0").asText());
        assertEquals(nginx.pid(), outcome.get("nginxPid").asLong());
        assertEquals(1, nginx.reloads());
        assertEquals("a /x", nginx.awaitStatus("/once-1/x", 200).body());
        assertTrue(run.stderr().contains("applied +once-1"), run.stderr());
    }

    @Test
    void onceExits1WhenTheSourceIsDownAndLeavesTheFileAlone() throws Exception {
        inference.respond(500, "text/plain", "boom");
        Files.writeString(nginx.modelsFile(), "# last good\n");

        Run run = run("--once");

        assertEquals(1, run.exitCode(), run.stderr());
        JsonNode outcome = JSON.readTree(run.stdout());
        assertEquals("failed", outcome.get("status").asText());
        assertEquals("source", outcome.get("stage").asText());
        assertEquals("# last good\n", Files.readString(nginx.modelsFile()));
        assertEquals(0, nginx.reloads());
    }

    @Test
    void logFormatJsonWritesEveryLogLineAsJson() throws Exception {
        inference.respond(500, "text/plain", "boom");
        Files.writeString(nginx.modelsFile(), "# last good\n");

        Run run = run(Map.of("LOG_FORMAT", "json"), "--once");

        assertEquals(1, run.exitCode(), run.stderr());
        List<String> lines = run.stderr().lines().filter(line -> !line.isBlank()).toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            assertTrue(json.isObject() && json.has("level") && json.has("message"), line);
        }
        assertTrue(lines.stream().map(this::readJson).anyMatch(json -> "WARN".equals(json.get("level").asText())
                && json.get("message").asText().startsWith("sync failed (SOURCE): HTTP 500")), run.stderr());
    }

    @Test
    void anUnknownOptionExits2WithTheUsage() throws Exception {
        Run run = run("--twice");

        assertEquals(Command.USAGE, run.exitCode());
        assertTrue(run.stderr().contains("unknown option --twice"), run.stderr());
        assertTrue(run.stderr().contains("usage:"), run.stderr());
        assertEquals(0, inference.requests());
    }

    private JsonNode readJson(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private Run run(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("KUBERNETES_"));
        env.putAll(settings());
        env.putAll(extraEnv);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not exit within 60s: " + Files.readString(dir.resolve("stderr.txt")));
        }
        return new Run(process.exitValue(), Files.readString(dir.resolve("stdout.txt")),
                Files.readString(dir.resolve("stderr.txt")));
    }

    private Map<String, String> settings() {
        Map<String, String> env = new HashMap<>();
        env.put("INFERENCE_SERVICE_URL", inference.url());
        env.put("MODELS_PATH", "/v1/models");
        env.put("MAX_RETRIES", "0");
        env.put("REQUEST_TIMEOUT", "2");
        env.put("NGINX_CONFIG_FILE", nginx.modelsFile().toString());
        env.put("NGINX_PID_FILE", nginx.pidFile().toString());
        env.put("NGINX_ERROR_LOG", nginx.dir().resolve("error.log").toString());
        env.put("UPSTREAM_HOST", "localhost");
        // The ConfigMap sink is on, against a server that answers 500 to everything and counts the calls.
        env.put("CONFIGMAP_ENABLED", "true");
        env.put("CONFIGMAP_NAMESPACE", "default");
        env.put("KUBERNETES_MASTER", apiServer.url());
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        return env;
    }

    private List<Path> listModelsDir() throws IOException {
        try (var files = Files.list(nginx.modelsFile().getParent())) {
            return files.toList();
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = CliIT.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
