package io.github.nginxmodelsync.render;

import io.github.nginxmodelsync.catalog.Model;
import io.github.nginxmodelsync.catalog.ModelCatalog;
import io.github.nginxmodelsync.config.SyncConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a catalog into NGINX configuration text with the built-in template, or with the user's Qute file
 * (NGINX_TEMPLATE_FILE). Rendering is pure: the same models give the same bytes and the same hash.
 */
@Singleton
public class NginxRenderer {

    /** A prefix is a URL path: it cannot carry spaces, quotes, braces or semicolons into the config. */
    private static final Pattern PREFIX = Pattern.compile("/([A-Za-z0-9._~-]+/)*");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance models(List<Route> routes, int count, String prefix);

        static native TemplateInstance compact(List<Route> routes, int count, String prefix);
    }

    /** Characters hashed at a time. */
    private static final int HASH_SLICE = 8192;

    private static final Pattern VERSION_PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");

    private final Engine engine;
    private final String prefix;
    private final Optional<Path> templateFile;
    private final Optional<String> versionPath;
    private final SyncConfig.RenderLayout layout;
    private String customSource;
    private Template customTemplate;
    /** The last render and what it was made from: the same catalog and template give the same text. */
    private ModelCatalog lastCatalog;
    private Template lastTemplate;
    private RenderedConfig lastRendered;

    @Inject
    NginxRenderer(SyncConfig config, Engine engine) {
        this(config.locationPrefix(), config.nginxTemplateFile(), config.nginxVerifyUrl().map(URI::getPath),
                config.renderLayout(), engine);
    }

    NginxRenderer(String locationPrefix, Optional<Path> templateFile, Engine engine) {
        this(locationPrefix, templateFile, Optional.empty(), SyncConfig.RenderLayout.FULL, engine);
    }

    /**
     * Fails fast on a bad LOCATION_PREFIX, a bad NGINX_VERIFY_URL path and a template file that cannot be read
     * or parsed.
     *
     * @param versionPath when present, every render ends with a location at this path answering its hash
     * @param layout the built-in template to use when there is no template file
     */
    NginxRenderer(String locationPrefix, Optional<Path> templateFile, Optional<String> versionPath,
            SyncConfig.RenderLayout layout, Engine engine) {
        this.engine = engine;
        this.layout = layout;
        this.prefix = normalizePrefix(locationPrefix);
        this.templateFile = templateFile;
        this.versionPath = versionPath;
        versionPath.ifPresent(path -> {
            if (!VERSION_PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("NGINX_VERIFY_URL must have a plain path such as "
                        + "/.nginx-model-sync/version, got '" + path + "'");
            }
        });
        templateFile.ifPresent(this::customTemplate);
    }

    /** Renders the catalog's models; fails only when a custom template cannot be read or rendered. */
    public synchronized RenderedConfig render(ModelCatalog catalog) {
        Template custom = templateFile.map(this::customTemplate).orElse(null);
        if (catalog == lastCatalog && custom == lastTemplate && lastRendered != null) {
            return lastRendered;
        }
        List<Route> routes = routes(catalog.models(), prefix);
        String body = custom != null
                ? custom.data("routes", routes).data("count", routes.size()).data("prefix", prefix).render()
                : builtIn(routes).render();
        String sha = sha256(body);
        String text = new ConfigHeader(routes.size(), sha).line() + body
                + versionPath.map(path -> versionLocation(path, sha)).orElse("");
        lastCatalog = catalog;
        lastTemplate = custom;
        lastRendered = new RenderedConfig(text, sha, routes.size());
        return lastRendered;
    }

    private TemplateInstance builtIn(List<Route> routes) {
        return switch (layout) {
            case FULL -> Templates.models(routes, routes.size(), prefix);
            case COMPACT -> Templates.compact(routes, routes.size(), prefix);
        };
    }

    /**
     * The location NGINX_VERIFY_URL polls after a reload: it answers the hash of the configuration NGINX serves.
     * Model names cannot start with a dot, so the default path never collides with a model.
     */
    static String versionLocation(String path, String sha) {
        return "\nlocation = " + path + " {\n"
                + "    allow 127.0.0.1;\n"
                + "    allow ::1;\n"
                + "    deny all;\n"
                + "    default_type text/plain;\n"
                + "    return 200 \"" + sha + "\";\n"
                + "}\n";
    }

    /** The template's view of the models: locations under the prefix, upstream URLs. */
    static List<Route> routes(List<Model> models, String prefix) {
        return models.stream()
                .map(m -> new Route(m.name(), prefix + m.name() + "/", "http://" + m.target() + "/", m.host(), m.port()))
                .toList();
    }

    /** Accepts {@code /}, {@code /api}, {@code api/v1/}; always returns a path that starts and ends with a slash. */
    static String normalizePrefix(String raw) {
        String p = raw.trim();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (!p.endsWith("/")) {
            p = p + "/";
        }
        if (!PREFIX.matcher(p).matches()) {
            throw new IllegalArgumentException("LOCATION_PREFIX must be a URL path of letters, digits and . _ ~ - "
                    + "separated by '/', got '" + raw + "'");
        }
        return p;
    }

    /**
     * SHA-256 of the text's UTF-8 bytes, encoded a slice at a time: a large render is never copied into one
     * large byte array just to be hashed.
     */
    static String sha256(String text) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + HASH_SLICE);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++; // never split a surrogate pair between two slices
            }
            digest.update(text.substring(start, end).getBytes(StandardCharsets.UTF_8));
            start = end;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads the custom template, parsing it again only when the file's content changed. */
    private Template customTemplate(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read NGINX_TEMPLATE_FILE " + file + ": " + e, e);
        }
        if (!source.equals(customSource)) {
            try {
                customTemplate = engine.parse(source);
            } catch (RuntimeException e) {
                throw new IllegalStateException("NGINX_TEMPLATE_FILE " + file + " is not a valid Qute template: "
                        + e.getMessage(), e);
            }
            customSource = source;
        }
        return customTemplate;
    }
}
