package io.github.nginxmodelsync.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"m1", "A", "9", "resnet50", "llama-3.1-8b", "a.b_c-d"})
    void acceptsValidNames(String name) {
        ModelCatalog catalog = validate(entry(name, "8080"));

        assertEquals(List.of(new Model(name, "localhost", 8080)), catalog.models());
        assertEquals(List.of(), catalog.rejections());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;b", "a b", "a{", "}", "$x", "a\nb", "../x", "x/", "modèle", "模型", "-x", ".hidden",
            "_x", "", "a\"b", "a#b", "a\tb"})
    void rejectsNamesThatCouldBreakOutOfALocation(String name) {
        assertRejected(entry(name, "8080"), "model_name");
    }

    @Test
    void acceptsNamesOf128Characters() {
        assertEquals(1, validate(entry("x".repeat(128), "80")).models().size());
    }

    @Test
    void rejectsHostLabelsLongerThan63Characters() {
        assertRejected(entry("m", "80", "x".repeat(64) + ".example"), "host");
    }

    @Test
    void rejectsNamesLongerThan128Characters() {
        ModelCatalog catalog = validate(entry("x".repeat(129), "8080"));

        assertEquals(List.of(), catalog.models());
        assertEquals("model_name is longer than 128 characters", catalog.rejections().get(0).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1", "\"8080\"", "8080", "65535", "\"65535\""})
    void acceptsPortsAsStringsOrNumbers(String port) {
        ModelCatalog catalog = validate("{\"model_name\":\"m\",\"port\":" + port + "}");

        assertEquals(1, catalog.models().size(), () -> catalog.rejections().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "\"0\"", "65536", "\"65536\"", "-1", "\"80; evil\"", "\" 80\"", "\"80 \"", "80.5",
            "\"0x50\"", "true", "null", "\"\"", "[80]", "{}", "99999999999", "\"８０\""})
    void rejectsPortsOutsideOneTo65535(String port) {
        assertRejected("{\"model_name\":\"m\",\"port\":" + port + "}", "port");
    }

    @Test
    void rejectsEntriesWithoutPort() {
        assertRejected("{\"model_name\":\"m\"}", "port is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.12", "localhost", "model-server", "svc.ns.svc.cluster.local",
            "a1.example.com", "0.0.0.0"})
    void acceptsHostnamesAndIpv4(String host) {
        ModelCatalog catalog = validate(entry("m", "80", host));

        assertEquals(host, catalog.models().get(0).host(), () -> catalog.rejections().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x y", "a;b", "256.1.1.1", "1.2.3", "-a", "a-", "a..b", "", "host:80", "http://x",
            "a/b", "exa$mple", "::1", "{x}", "a."})
    void rejectsHostsThatAreNotHostnamesOrIpv4(String host) {
        assertRejected(entry("m", "80", host), "host");
    }

    @Test
    void rejectsHostsThatAreNotStrings() {
        assertRejected("{\"model_name\":\"m\",\"port\":80,\"host\":1234}", "host");
    }

    @Test
    void rejectsEntriesThatAreNotObjectsOrHaveNoStringName() {
        ModelCatalog catalog = validate("\"m1\"", "[1]", "{\"port\":80}", "{\"model_name\":12,\"port\":80}",
                "{\"model_name\":null,\"port\":80}");

        assertEquals(List.of(), catalog.models());
        assertEquals(List.of("entry is not a JSON object", "entry is not a JSON object", "model_name is missing",
                        "model_name must be a string", "model_name is missing"),
                catalog.rejections().stream().map(Rejection::reason).toList());
    }

    @Test
    void usesTheModelsHostOverTheDefault() {
        ModelCatalog catalog = validate(entry("a", "80", "gpu-node"), entry("b", "81"));

        assertEquals(List.of(new Model("a", "gpu-node", 80), new Model("b", "localhost", 81)), catalog.models());
    }

    @Test
    void ignoresUnknownFields() {
        ModelCatalog catalog = validate("{\"model_name\":\"m\",\"port\":80,\"state\":\"READY\",\"version\":3}");

        assertEquals(List.of(new Model("m", "localhost", 80)), catalog.models());
    }

    @Test
    void sortsByName() {
        ModelCatalog catalog = validate(entry("zeta", "1"), entry("Alpha", "2"), entry("beta", "3"));

        assertEquals(List.of("Alpha", "beta", "zeta"), catalog.names());
    }

    @Test
    void collapsesTheSameNameWithTheSameTarget() {
        ModelCatalog catalog = validate(entry("m", "80"), entry("m", "80", "localhost"), "{\"model_name\":\"m\",\"port\":80}");

        assertEquals(List.of(new Model("m", "localhost", 80)), catalog.models());
        assertEquals(List.of(), catalog.rejections());
    }

    @Test
    void rejectsEveryEntryOfANameWithDifferentTargets() {
        ModelCatalog catalog = validate(entry("m", "80"), entry("ok", "82"), entry("m", "81"));

        assertEquals(List.of("ok"), catalog.names());
        assertEquals(List.of(0, 2), catalog.rejections().stream().map(Rejection::index).toList());
        assertTrue(catalog.rejections().get(0).reason().contains("[localhost:80, localhost:81]"),
                catalog.rejections().get(0).reason());
    }

    @Test
    void aRejectionNamesItsEntryWithoutRawControlCharacters() {
        Rejection rejection = validate(entry("a\nb", "80")).rejections().get(0);

        assertEquals("models[0] \"a\\nb\": " + rejection.reason(), rejection.toString());
    }

    private static void assertRejected(String entry, String reasonPart) {
        ModelCatalog catalog = validate(entry);

        assertEquals(List.of(), catalog.models(), "accepted " + entry);
        assertEquals(1, catalog.rejections().size());
        assertTrue(catalog.rejections().get(0).reason().contains(reasonPart), catalog.rejections().get(0).reason());
    }

    private static String entry(String name, String port) {
        return "{\"model_name\":" + quote(name) + ",\"port\":" + quote(port) + "}";
    }

    private static String entry(String name, String port, String host) {
        return "{\"model_name\":" + quote(name) + ",\"port\":" + quote(port) + ",\"host\":" + quote(host) + "}";
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelCatalog validate(String... entries) {
        List<JsonNode> nodes = new ArrayList<>();
        try {
            for (String entry : entries) {
                nodes.add(JSON.readTree(entry));
            }
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return ModelCatalog.validate(nodes, "localhost");
    }
}
