package io.github.nginxmodelsync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nginxmodelsync.testing.JvmImage;
import io.github.nginxmodelsync.testing.Manifests;
import io.github.nginxmodelsync.testing.NginxServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invariants that tie the manifests in kubernetes/ to the code, so that the two cannot drift apart. */
class ManifestsTest {

    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

    private static Manifests manifests;
    private static JsonNode pod;
    private static JsonNode nginx;
    private static JsonNode sidecar;
    private static Map<String, String> settings;

    @BeforeAll
    static void load() throws Exception {
        manifests = Manifests.load();
        pod = manifests.only("Deployment").at("/spec/template/spec");
        nginx = container("nginx");
        sidecar = container("nginx-model-sync");
        settings = new HashMap<>();
        manifests.get("ConfigMap", "nginx-model-sync-settings").get("data").properties()
                .forEach(entry -> settings.put(entry.getKey(), entry.getValue().asText()));
    }

    @Test
    void kustomizeBuildsTheBaseWithoutANamespace() {
        System.out.println("manifests " + (manifests.built() ? "built with kubectl kustomize" : "read from files"));
        for (JsonNode object : manifests.all()) {
            assertTrue(object.at("/metadata/namespace").isMissingNode(), "no namespace is hard-coded: " + object);
            assertFalse(object.at("/metadata/labels/app.kubernetes.io~1name").asText().isEmpty(),
                    "recommended labels on " + object.at("/metadata/name"));
        }
    }

    @Test
    void theSidecarCanSeeAndSignalNginx() {
        assertTrue(pod.path("shareProcessNamespace").asBoolean(), "shareProcessNamespace: true");
        long uid = uid(nginx);
        assertEquals(uid, uid(sidecar), "both containers run as one UID, so kill(2) needs no capability");
        assertTrue(uid > 0);
    }

    @Test
    void bothContainersShareTheDirectoriesOfTheFileThePidAndTheErrorLog() {
        for (String setting : List.of("NGINX_CONFIG_FILE", "NGINX_PID_FILE", "NGINX_ERROR_LOG")) {
            String dir = Path.of(settings.get(setting)).getParent().toString();
            String inNginx = volumeMountedAt(nginx, dir);
            String inSidecar = volumeMountedAt(sidecar, dir);
            assertEquals(inNginx, inSidecar, setting + ": both containers mount one volume at " + dir);
            assertTrue(volume(inNginx).has("emptyDir"), setting + ": " + inNginx + " is an emptyDir");
        }
    }

    @Test
    void nginxConfigMatchesTheSidecarSettings() {
        String conf = manifests.get("ConfigMap", "nginx-main-config").at("/data/nginx.conf").asText();

        assertEquals(settings.get("NGINX_PID_FILE"), directive(conf, "pid"), "NGINX's pid directive");
        String include = directive(conf, "include");
        assertTrue(FileSystems.getDefault().getPathMatcher("glob:" + include)
                .matches(Path.of(settings.get("NGINX_CONFIG_FILE"))), include + " covers NGINX_CONFIG_FILE");
        URI verify = URI.create(settings.get("NGINX_VERIFY_URL"));
        assertEquals("127.0.0.1", verify.getHost());
        assertEquals(String.valueOf(verify.getPort()), directive(conf, "listen"), "the version location's port");
        assertTrue(conf.contains("error_log " + settings.get("NGINX_ERROR_LOG") + " "), "NGINX writes NGINX_ERROR_LOG");
        assertEquals(verify.getPort(), port(nginx, "http"));
        assertTrue(volumeMountedAt(nginx, "/etc/nginx/nginx.conf") != null);
    }

    @Test
    void nginxAcceptsItsConfigWithARenderedModelsFile(@TempDir Path dir) throws Exception {
        String conf = manifests.get("ConfigMap", "nginx-main-config").at("/data/nginx.conf").asText();
        // The pod's directories, moved under a temporary directory.
        for (String sub : List.of("run", "log", "models", "tmp")) {
            Files.createDirectories(dir.resolve(sub));
        }
        conf = conf.replace(" /tmp/", " " + dir + "/tmp/").replace("/var/run/nginx/", dir + "/run/")
                .replace("/var/log/nginx/", dir + "/log/").replace("/etc/nginx/models/", dir + "/models/");
        Files.writeString(dir.resolve("nginx.conf"), conf);
        // The built-in output (with a host that resolves here).
        Files.writeString(dir.resolve("models/models.conf"), Files.readString(
                Path.of("src/test/resources/golden/three-models.conf")).replace("llm-gateway", "127.0.0.1"));

        Process test = new ProcessBuilder(NginxServer.binary(), "-t", "-p", dir.toString(),
                "-c", dir.resolve("nginx.conf").toString(), "-e", dir.resolve("log/startup.log").toString())
                .redirectErrorStream(true).start();
        String output = new String(test.getInputStream().readAllBytes());

        assertEquals(0, test.waitFor(), "nginx -t refused the manifest's nginx.conf:\n" + output + "\n" + conf);
        assertTrue(output.contains("test is successful"), output);
    }

    @Test
    void probesHitTheSidecarsRealPortAndHealthPaths() throws IOException {
        int httpPort = Integer.parseInt(property("quarkus.http.port"));
        Map<String, String> expected = Map.of("startupProbe", "/q/health/started",
                "readinessProbe", "/q/health/ready", "livenessProbe", "/q/health/live");
        for (Map.Entry<String, String> probe : expected.entrySet()) {
            JsonNode get = sidecar.path(probe.getKey()).path("httpGet");
            assertEquals(probe.getValue(), get.path("path").asText(), probe.getKey());
            JsonNode port = get.path("port");
            assertEquals(httpPort, port.isInt() ? port.asInt() : port(sidecar, port.asText()), probe.getKey());
        }
    }

    @Test
    void everyEnvNameTheManifestsSetIsASetting() throws IOException {
        Set<String> known = envNames();
        Set<String> set = new TreeSet<>(settings.keySet());
        sidecar.path("env").forEach(env -> set.add(env.path("name").asText()));
        for (String name : set) {
            assertTrue(known.contains(name), name + " is not a setting of the sidecar; known: " + known);
        }
        assertEquals("nginx-model-sync-settings", sidecar.at("/envFrom/0/configMapRef/name").asText());
        assertTrue(sidecar.at("/envFrom/1/secretRef/optional").asBoolean(),
                "the Secret for INFERENCE_SERVICE_TOKEN is optional");
        assertFalse(settings.containsKey("INFERENCE_SERVICE_TOKEN"), "the token belongs in the Secret");
    }

    @Test
    void theRoleIsLimitedToTheOneConfigMapAndItsLease() {
        JsonNode role = manifests.only("Role");
        String configMap = settings.get("CONFIGMAP_NAME");
        Set<String> resources = new TreeSet<>();
        for (JsonNode rule : role.get("rules")) {
            String resource = texts(rule.get("resources")).getFirst();
            resources.add(resource);
            assertEquals(List.of(resource), texts(rule.get("resources")));
            assertEquals(List.of(resource.equals("leases") ? "coordination.k8s.io" : ""), texts(rule.get("apiGroups")));
            List<String> verbs = texts(rule.get("verbs"));
            if (verbs.equals(List.of("create"))) {
                assertTrue(rule.path("resourceNames").isMissingNode(), "create cannot be limited by name");
            } else {
                assertEquals(List.of(configMap), texts(rule.get("resourceNames")), "limited to CONFIGMAP_NAME");
            }
        }
        assertEquals(Set.of("configmaps", "leases"), resources);
        JsonNode binding = manifests.only("RoleBinding");
        assertEquals(role.at("/metadata/name").asText(), binding.at("/roleRef/name").asText());
        assertEquals(pod.path("serviceAccountName").asText(), binding.at("/subjects/0/name").asText());
        manifests.get("ServiceAccount", pod.path("serviceAccountName").asText());
    }

    @Test
    void everyContainerMeetsPodSecurityRestricted() {
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        for (JsonNode container : List.of(nginx, sidecar)) {
            String name = container.path("name").asText();
            JsonNode security = container.path("securityContext");
            assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), name);
            assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), name);
            assertEquals(List.of("ALL"), texts(security.at("/capabilities/drop")), name);
            assertTrue(security.at("/capabilities/add").isMissingNode(), name);
            assertFalse(container.at("/resources/requests").isMissingNode(), name + " requests");
            assertFalse(container.at("/resources/limits/memory").isMissingNode(), name + " memory limit");
        }
    }

    @Test
    void onlyTheSidecarGetsAnApiToken() {
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "no token in every container");
        String tokenDir = "/var/run/secrets/kubernetes.io/serviceaccount";
        JsonNode token = volume(volumeMountedAt(sidecar, tokenDir)).at("/projected/sources");
        assertTrue(token.findValue("serviceAccountToken") != null, "the sidecar gets a projected token");
        for (JsonNode mount : nginx.path("volumeMounts")) {
            assertFalse(mount.path("mountPath").asText().startsWith("/var/run/secrets"), "NGINX gets no token");
        }
    }

    @Test
    void aReadOnlyRootLeavesTheSidecarAWritableTmp() {
        String tmp = volumeMountedAt(sidecar, "/tmp");
        assertTrue(volume(tmp).has("emptyDir"), "Quarkus and Vert.x write under /tmp");
        for (JsonNode mount : sidecar.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText())) {
                assertFalse(mount.path("readOnly").asBoolean(), "/tmp is writable");
            }
        }
    }

    @Test
    void theImagesRunAsTheUidOfTheManifests() throws IOException {
        long uid = uid(sidecar);
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native-micro")) {
            String text = Files.readString(Path.of("src/main/docker", dockerfile));
            Matcher user = Pattern.compile("(?m)^USER (\\d+)(?::(\\d+))?$").matcher(text);
            assertTrue(user.find(), dockerfile + " sets a numeric USER");
            assertEquals(uid, Long.parseLong(user.group(1)), dockerfile);
        }
    }

    @Test
    void theAotCacheIsRecordedWithTheFlagsItIsUsedWith() throws IOException {
        Matcher training = Pattern.compile("(?s)RUN .*?java (.*?) -jar quarkus-run.jar --dry-run")
                .matcher(Files.readString(JvmImage.DOCKERFILE));
        assertTrue(training.find(), "a training run");

        List<String> recorded = new ArrayList<>(List.of(training.group(1).replace("\\", " ").trim().split("\\s+")));
        List<String> used = new ArrayList<>(JvmImage.entrypointFlags());

        assertTrue(recorded.remove("-XX:AOTCacheOutput=app.aot"), "the training run records app.aot");
        assertTrue(used.remove("-XX:AOTCache=app.aot"), "the image uses app.aot");
        assertEquals(used, recorded, "the JVM refuses a cache recorded with other flags");
    }

    private static JsonNode container(String name) {
        for (JsonNode container : pod.path("containers")) {
            if (name.equals(container.path("name").asText())) {
                return container;
            }
        }
        throw new AssertionError("no container " + name);
    }

    /** The container's UID: its own securityContext, else the pod's. */
    private static long uid(JsonNode container) {
        JsonNode own = container.at("/securityContext/runAsUser");
        return own.isMissingNode() ? pod.at("/securityContext/runAsUser").asLong(-1) : own.asLong();
    }

    private static String volumeMountedAt(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (path.equals(mount.path("mountPath").asText())) {
                return mount.path("name").asText();
            }
        }
        throw new AssertionError(container.path("name").asText() + " mounts nothing at " + path);
    }

    private static JsonNode volume(String name) {
        for (JsonNode volume : pod.path("volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static int port(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError(container.path("name").asText() + " has no port " + name);
    }

    /** The argument of the first {@code name ...;} directive in an NGINX configuration. */
    private static String directive(String conf, String name) {
        Matcher matcher = Pattern.compile("(?m)^\\s*" + name + "\\s+([^;\\s]+)\\s*;").matcher(conf);
        assertTrue(matcher.find(), "no " + name + " directive in nginx.conf");
        return matcher.group(1);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> texts.add(node.asText()));
        }
        return texts;
    }

    private static String property(String key) throws IOException {
        for (String line : Files.readAllLines(PROPERTIES)) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + key + " in " + PROPERTIES);
    }

    /** The environment names the sidecar reads: every {@code nms.x=${NAME:default}} binding. */
    private static Set<String> envNames() throws IOException {
        Set<String> names = new HashSet<>();
        Matcher matcher = Pattern.compile("(?m)^nms\\.[a-z0-9-]+=\\$\\{([A-Z0-9_]+):")
                .matcher(Files.readString(PROPERTIES));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        assertTrue(names.size() > 20, "read the env bindings: " + names);
        return names;
    }
}
