package io.github.nginxmodelsync.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nginxmodelsync.catalog.ModelCatalog;
import io.github.nginxmodelsync.config.SyncConfig.RenderLayout;
import io.github.nginxmodelsync.testing.NginxServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generated input, property style: thousands of model lists mixing valid entries with hostile names, ports and
 * hosts (NGINX syntax, Qute syntax, control characters, Unicode look-alikes, numbers out of range, wrong JSON
 * types). For every list, in both layouts:
 * <ul>
 * <li>the render holds exactly the locations of the entries valid by construction (an oracle written apart from
 *     the validator), each with its own target;</li>
 * <li>every line of the render has one of the layout's fixed shapes, so no input adds a directive;</li>
 * <li>real NGINX accepts every render ({@code nginx -t}, a thousand lists per run).</li>
 * </ul>
 * HOSTILE_LISTS sets the number of lists (default 10,000); HOSTILE_SEED replays a run.
 */
class HostileInputTest {

    private static final int LISTS = Integer.parseInt(System.getenv().getOrDefault("HOSTILE_LISTS", "10000"));
    private static final long SEED = Long.parseLong(System.getenv().getOrDefault("HOSTILE_SEED",
            Long.toString(System.nanoTime())));
    private static final int PER_NGINX_RUN = 1000;
    private static final String PREFIX = "/api/v1/";

    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    private static final String[] HOSTILE_NAMES = {
        "m; }", "m;", "m}", "m{", "m }\nserver { listen 81; }", "m\nreturn 200", "m\r\nx", "m\u0000", "m\t",
        "m x", "m#c", "m'", "m\"", "m\\", "m/..", "../etc", "/m", "m/", ".hidden", "-dash", "_under", "",
        "{route.name}", "{#for x in y}", "{! c !}", "${host}", "$host", "m$x", "m@x", "m:8080", "m?x", "m*",
        "m%20", "m%0a", "ｍodel", "mod\u0435l", "m\u200b", "m\u2028x", "\u00e9", "x".repeat(129),
        "include /etc/passwd;", "m;proxy_pass http://evil/;", "`m`", "m|x", "m&x", "m<x>", "m=1", "m,x", "m+x",
    };
    private static final String[] GOOD_HOSTS = {"localhost", "127.0.0.1", "10.0.0.1", "192.168.1.20", "0.0.0.0"};
    private static final String[] HOSTILE_HOSTS = {
        "x y", "evil;", "evil}", "a..b", "-a", "a-", "a_b", "256.1.1.1", "1.2.3", "1.2.3.4.5", "999", "", " ",
        "localhost\n", "h/x", "h:80", "h\u0000", "ｈost", "a".repeat(64) + ".com", "${host}", "{x}", "host;rm",
        "1.2.3.4; deny all", "[::1]", "::1",
    };

    /** One generated list: its JSON entries, and the models the oracle expects, by name. */
    private record Case(List<JsonNode> entries, Map<String, String> expected) {
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RenderLayout.class)
    void everyRenderHoldsExactlyTheValidEntriesAndNginxAcceptsIt(RenderLayout layout) throws Exception {
        Random random = new Random(SEED + layout.ordinal());
        NginxRenderer renderer = StandaloneRenderer.of(layout, PREFIX);
        Pattern line = layout == RenderLayout.FULL ? FULL_LINE : COMPACT_LINE;
        List<Path> batch = new ArrayList<>();
        int locations = 0;
        for (int list = 0; list < LISTS; list++) {
            Case generated = generate(random);
            RenderedConfig rendered = renderer.render(ModelCatalog.validate(generated.entries(), "localhost"));
            String where = "list " + list + " (HOSTILE_SEED=" + SEED + "): " + generated.entries();

            Map<String, String> found = new TreeMap<>();
            String location = null;
            for (String text : rendered.text().split("\n", -1)) {
                if (text.isEmpty() || text.startsWith("# nginx-model-sync ")) {
                    continue;
                }
                Matcher matcher = line.matcher(text);
                assertTrue(matcher.matches(), () -> "a line of unexpected shape '" + text + "' in " + where);
                if (matcher.group("name") != null) {
                    location = matcher.group("name");
                }
                if (matcher.group("target") != null) {
                    // The full layout's proxy_pass is the line after its location's.
                    assertTrue(location != null && found.put(location, matcher.group("target")) == null, where);
                }
            }
            if (layout == RenderLayout.FULL) {
                // Each location block is exactly its eight lines: no input can add one.
                assertEquals(found.size() * 8, rendered.text().lines().filter(l -> !l.isEmpty()).count() - 1, where);
            }
            assertEquals(generated.expected(), found, where);
            assertEquals(generated.expected().size(), rendered.modelCount(), where);
            locations += found.size();

            Path file = dir.resolve("list-" + list + ".conf");
            Files.writeString(file, rendered.text(), StandardCharsets.UTF_8);
            batch.add(file);
            if (batch.size() == PER_NGINX_RUN || list == LISTS - 1) {
                nginxAccepts(batch, layout);
                batch.forEach(HostileInputTest::delete);
                batch.clear();
            }
        }
        System.out.printf("%s layout: %d generated lists, %d locations rendered, all accepted by nginx -t (seed %d)%n",
                layout, LISTS, locations, SEED);
        assertTrue(locations > LISTS, "too few valid entries generated to prove anything: " + locations);
    }

    // A name and a target as the contract allows them, and nothing else.
    private static final String NAME = "(?<name>[A-Za-z0-9][A-Za-z0-9._-]{0,127})";
    private static final String TARGET = "(?<target>[A-Za-z0-9.-]+:[0-9]{1,5})";
    private static final Pattern FULL_LINE = Pattern.compile(String.join("|",
            "location " + PREFIX + NAME + "/ \\{",
            "    proxy_pass http://" + TARGET + "/;",
            "    proxy_http_version 1\\.1;",
            "    proxy_set_header Host \\$host;",
            "    proxy_set_header X-Real-IP \\$remote_addr;",
            "    proxy_set_header X-Forwarded-For \\$proxy_add_x_forwarded_for;",
            "    proxy_set_header X-Forwarded-Proto \\$scheme;",
            "\\}"));
    private static final Pattern COMPACT_LINE = Pattern.compile(
            "location " + PREFIX + NAME + "/ \\{ proxy_pass http://" + TARGET + "/; }");

    /** A list of 1 to 8 entries, valid and hostile mixed, with what the oracle expects of it. */
    private static Case generate(Random random) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        List<JsonNode> entries = new ArrayList<>();
        Map<String, List<String>> validTargets = new HashMap<>();
        int size = 1 + random.nextInt(8);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (random.nextInt(20) == 0) {
                entries.add(random.nextBoolean() ? json.textNode("m1") : json.arrayNode().add(1));
                continue;
            }
            ObjectNode entry = json.objectNode();
            boolean valid = true;
            // Names: fresh, reused (duplicates with the same or another target), or hostile.
            int nameKind = random.nextInt(10);
            if (nameKind < 5 || names.isEmpty()) {
                String name = validName(random);
                names.add(name);
                entry.put("model_name", name);
            } else if (nameKind < 7) {
                entry.put("model_name", names.get(random.nextInt(names.size())));
            } else if (nameKind < 9) {
                entry.put("model_name", HOSTILE_NAMES[random.nextInt(HOSTILE_NAMES.length)]);
                valid = false;
            } else {
                switch (random.nextInt(3)) {
                    case 0 -> entry.put("model_name", 42);
                    case 1 -> entry.putNull("model_name");
                    default -> entry.putObject("model_name").put("x", "y");
                }
                valid = false;
            }
            // Ports: numbers and digit strings in range, or anything else.
            int port = 1 + random.nextInt(65535);
            switch (random.nextInt(12)) {
                case 0 -> entry.put("port", Integer.toString(port));
                case 1 -> {
                    entry.put("port", new String[] {"0", "65536", "-1", "80; evil", "8080 ", " 80", "8e3", "0x50",
                        "", "８０", "99999", "80\n"}[random.nextInt(12)]);
                    valid = false;
                }
                case 2 -> {
                    switch (random.nextInt(5)) {
                        case 0 -> entry.put("port", 8080.5);
                        case 1 -> entry.put("port", 1e20);
                        case 2 -> entry.putNull("port");
                        case 3 -> entry.put("port", true);
                        default -> entry.put("port", -80);
                    }
                    valid = false;
                }
                case 3 -> {
                    entry.put("port", random.nextBoolean() ? 0 : 65536 + random.nextInt(1000));
                    valid = false;
                }
                default -> entry.put("port", port);
            }
            // Hosts: none (UPSTREAM_HOST), one NGINX can resolve, or a hostile one.
            String host = "localhost";
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    host = GOOD_HOSTS[random.nextInt(GOOD_HOSTS.length)];
                    entry.put("host", host);
                }
                case 2 -> {
                    entry.put("host", HOSTILE_HOSTS[random.nextInt(HOSTILE_HOSTS.length)]);
                    valid = false;
                }
                default -> {
                    // no host
                }
            }
            if (random.nextInt(10) == 0) {
                entry.put("extra", "ignored; } server {");
            }
            entries.add(entry);
            if (valid) {
                validTargets.computeIfAbsent(entry.get("model_name").textValue(), n -> new ArrayList<>())
                        .add(host + ":" + port(entry.get("port")));
            }
        }
        Map<String, String> expected = new TreeMap<>();
        validTargets.forEach((name, targets) -> {
            if (targets.stream().distinct().count() == 1) {
                expected.put(name, targets.getFirst());
            }
        });
        return new Case(entries, expected);
    }

    private static String validName(Random random) {
        StringBuilder name = new StringBuilder();
        name.append(NAME_CHARS.charAt(random.nextInt(62)));
        int more = random.nextInt(10) == 0 ? 127 : random.nextInt(12);
        for (int i = 0; i < more; i++) {
            name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return name.toString();
    }

    private static int port(JsonNode node) {
        return node.isTextual() ? Integer.parseInt(node.textValue()) : node.intValue();
    }

    /** One nginx -t over a server per render, each including one render. */
    private void nginxAccepts(List<Path> renders, RenderLayout layout) throws IOException, InterruptedException {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < renders.size(); i++) {
            servers.append("    server {\n        listen 127.0.0.1:8999;\n        server_name s").append(i)
                    .append(";\n");
            if (layout == RenderLayout.COMPACT) {
                servers.append("        proxy_http_version 1.1;\n        proxy_set_header Host $host;\n");
            }
            servers.append("        include ").append(renders.get(i)).append(";\n    }\n");
        }
        Files.createDirectories(dir.resolve("tmp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    server_names_hash_bucket_size 128;
                    server_names_hash_max_size 4096;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                %2$s}
                """.formatted(dir, servers));
        Process test = new ProcessBuilder(NginxServer.binary(), "-t", "-q", "-p", dir.toString(), "-c", conf.toString())
                .redirectErrorStream(true).start();
        String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(test.waitFor(60, TimeUnit.SECONDS), "nginx -t did not finish");
        assertEquals(0, test.exitValue(), () -> "nginx -t refused a render (HOSTILE_SEED=" + SEED + "): " + output);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
