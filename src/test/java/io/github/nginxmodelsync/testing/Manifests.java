package io.github.nginxmodelsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The objects of the kustomize base in {@code kubernetes/}: built with {@code kubectl kustomize} when kubectl is
 * installed, else read from the files the kustomization lists (without kustomize's transformations).
 */
public final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path BASE = Path.of("kubernetes");

    private final List<JsonNode> objects;
    private final boolean built;

    private Manifests(List<JsonNode> objects, boolean built) {
        this.objects = objects;
        this.built = built;
    }

    public static Manifests load() throws IOException, InterruptedException {
        String kubectl = kubectl();
        if (kubectl != null) {
            Process process = new ProcessBuilder(kubectl, "kustomize", BASE.toString()).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + BASE + " failed: " + err);
            }
            return new Manifests(parse(new String(out, StandardCharsets.UTF_8)), true);
        }
        JsonNode kustomization = YAML.readTree(BASE.resolve("kustomization.yaml").toFile());
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.get("resources")) {
            objects.addAll(parse(Files.readString(BASE.resolve(resource.asText()))));
        }
        return new Manifests(objects, false);
    }

    /** Whether kustomize built the objects (labels and images applied), rather than the files being read. */
    public boolean built() {
        return built;
    }

    public List<JsonNode> all() {
        return objects;
    }

    /** The one object of this kind and name; fails when there is none. */
    public JsonNode get(String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.at("/metadata/name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + BASE));
    }

    /** The only object of this kind; fails when there are none or several. */
    public JsonNode only(String kind) {
        List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " in " + BASE + ", found " + found.size());
        }
        return found.getFirst();
    }

    private static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        }
        return objects;
    }

    private static String kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
