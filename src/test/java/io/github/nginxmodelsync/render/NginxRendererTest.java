package io.github.nginxmodelsync.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nginxmodelsync.catalog.ModelCatalog;
import io.github.nginxmodelsync.config.SyncConfig.RenderLayout;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.qute.Engine;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked template only exists inside Quarkus, so these run in the test application (no pass is made). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(SidecarTestResource.class)
class NginxRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> THREE = List.of(
            "{\"model_name\":\"sentiment\",\"port\":\"8080\"}",
            "{\"model_name\":\"resnet50\",\"port\":8081}",
            "{\"model_name\":\"llama-3.1-8b\",\"port\":\"8000\",\"host\":\"llm-gateway\"}");

    @Inject
    Engine engine;

    @TempDir
    Path dir;

    @Test
    void rendersTheBuiltInTemplateExactly() throws IOException {
        RenderedConfig config = renderer("/").render(catalog(THREE));

        assertEquals(golden("three-models.conf"), config.text());
        assertEquals(3, config.modelCount());
    }

    @Test
    void theCompactLayoutWritesOneLinePerModel() throws IOException {
        NginxRenderer compact = new NginxRenderer("/", Optional.empty(), Optional.empty(), RenderLayout.COMPACT,
                engine);

        RenderedConfig config = compact.render(catalog(THREE));

        assertEquals(golden("compact.conf"), config.text());
        assertEquals(3, config.modelCount());
    }

    @Test
    void theSameCatalogIsNotRenderedTwice() {
        NginxRenderer renderer = renderer("/");
        ModelCatalog catalog = catalog(THREE);

        RenderedConfig first = renderer.render(catalog);

        assertSame(first, renderer.render(catalog));
        assertEquals(first, renderer.render(catalog(THREE)), "another catalog of the same models: same text");
    }

    @Test
    void appliesTheLocationPrefix() throws IOException {
        RenderedConfig config = renderer("/api/v1/predict/").render(catalog(THREE));

        assertEquals(golden("prefixed.conf"), config.text());
    }

    @Test
    void theSameSetInAnyOrderGivesTheSameBytes() {
        NginxRenderer renderer = renderer("/");
        String expected = renderer.render(catalog(THREE)).text();
        List<String> entries = new ArrayList<>(THREE);
        entries.add(THREE.get(0));
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(entries, random);

            assertEquals(expected, renderer.render(catalog(entries)).text());
        }
    }

    @Test
    void theHashIsTheSha256OfTheTemplateOutputAndIsInTheHeader() {
        RenderedConfig config = renderer("/").render(catalog(THREE));
        String body = config.text().substring(config.text().indexOf('\n') + 1);

        assertEquals(NginxRenderer.sha256(body), config.sha256());
        assertEquals(Optional.of(new ConfigHeader(3, config.sha256())), ConfigHeader.parse(config.text()));
        assertEquals(config.sha256().substring(0, 8), config.shortHash());
    }

    @Test
    void anyChangeOfTheSetChangesTheHash() {
        NginxRenderer renderer = renderer("/");
        String base = renderer.render(catalog(THREE)).sha256();

        assertNotEquals(base, renderer.render(catalog(THREE.subList(0, 2))).sha256());
        assertNotEquals(base, renderer.render(catalog(List.of(THREE.get(0), THREE.get(1),
                "{\"model_name\":\"llama-3.1-8b\",\"port\":\"8001\",\"host\":\"llm-gateway\"}"))).sha256());
        assertNotEquals(base, renderer("/v2/").render(catalog(THREE)).sha256());
    }

    @Test
    void anEmptySetRendersOnlyTheHeader() {
        RenderedConfig config = renderer("/").render(ModelCatalog.empty());

        assertEquals(new ConfigHeader(0, config.sha256()).line(), config.text());
    }

    @Test
    void withAVersionPathEveryRenderEndsWithALocationAnsweringItsHash() {
        NginxRenderer renderer = new NginxRenderer("/", Optional.empty(), Optional.of("/.nginx-model-sync/version"),
                RenderLayout.FULL, engine);

        RenderedConfig config = renderer.render(catalog(THREE));

        assertTrue(config.text().endsWith("""

                location = /.nginx-model-sync/version {
                    allow 127.0.0.1;
                    allow ::1;
                    deny all;
                    default_type text/plain;
                    return 200 "%s";
                }
                """.formatted(config.sha256())), config.text());
        assertEquals(renderer("/").render(catalog(THREE)).sha256(), config.sha256());
    }

    @Test
    void refusesAVersionPathThatCouldInjectConfiguration() {
        for (String bad : List.of("/a b", "/v;", "/{x}", "version", "/$x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new NginxRenderer("/", Optional.empty(), Optional.of(bad), RenderLayout.FULL, engine), bad);
            assertTrue(e.getMessage().startsWith("NGINX_VERIFY_URL"), e.getMessage());
        }
    }

    @Test
    void normalisesAndChecksThePrefix() {
        assertEquals("/", NginxRenderer.normalizePrefix("/"));
        assertEquals("/api/", NginxRenderer.normalizePrefix("api"));
        assertEquals("/api/v1/predict/", NginxRenderer.normalizePrefix("/api/v1/predict"));
        for (String bad : List.of("/a b/", "/a;b/", "/{x}/", "//", "/a//b/", "/$uri/", "/a\"/")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NginxRenderer.normalizePrefix(bad), bad);
            assertTrue(e.getMessage().startsWith("LOCATION_PREFIX"), e.getMessage());
        }
    }

    @Test
    void aCustomTemplateReplacesTheBuiltInOneAndIsReReadWhenItChanges() throws IOException {
        Path template = dir.resolve("custom.txt");
        Files.writeString(template, """
                {#for r in routes}
                location = /{r.name} { proxy_pass {r.upstream}; } # {r.host} {r.port} {r.location}
                {/for}
                # {count} models under {prefix}
                """);
        NginxRenderer renderer = new NginxRenderer("/p/", Optional.of(template), engine);

        RenderedConfig config = renderer.render(catalog(THREE.subList(0, 2)));

        assertEquals("location = /resnet50 { proxy_pass http://localhost:8081/; } # localhost 8081 /p/resnet50/\n"
                + "location = /sentiment { proxy_pass http://localhost:8080/; } # localhost 8080 /p/sentiment/\n"
                + "# 2 models under /p/\n", body(config));

        Files.writeString(template, "# {count}\n");

        assertEquals("# 2\n", body(renderer.render(catalog(THREE.subList(0, 2)))));
    }

    @Test
    void aBrokenOrMissingCustomTemplateFailsWithItsName() throws IOException {
        Path broken = dir.resolve("broken.txt");
        Files.writeString(broken, "{#for r in routes}\nno end tag\n");
        Path missing = dir.resolve("missing.txt");

        IllegalStateException parse = assertThrows(IllegalStateException.class,
                () -> new NginxRenderer("/", Optional.of(broken), engine));
        IllegalStateException read = assertThrows(IllegalStateException.class,
                () -> new NginxRenderer("/", Optional.of(missing), engine));

        assertTrue(parse.getMessage().contains(broken + " is not a valid Qute template"), parse.getMessage());
        assertTrue(read.getMessage().contains("cannot read NGINX_TEMPLATE_FILE " + missing), read.getMessage());
    }

    @Test
    void aCustomTemplateThatUsesAnUnknownValueFailsToRender() throws IOException {
        Path template = dir.resolve("typo.txt");
        Files.writeString(template, "{#for r in routes}{r.nmae}{/for}");
        NginxRenderer renderer = new NginxRenderer("/", Optional.of(template), engine);

        assertThrows(RuntimeException.class, () -> renderer.render(catalog(THREE)));
    }

    private NginxRenderer renderer(String prefix) {
        return new NginxRenderer(prefix, Optional.empty(), engine);
    }

    private static String body(RenderedConfig config) {
        return config.text().substring(config.text().indexOf('\n') + 1);
    }

    private static ModelCatalog catalog(List<String> entries) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String entry : entries) {
            try {
                nodes.add(JSON.readTree(entry));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return ModelCatalog.validate(nodes, "localhost");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = NginxRendererTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("golden file missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
