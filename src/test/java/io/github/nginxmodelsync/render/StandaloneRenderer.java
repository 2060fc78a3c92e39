package io.github.nginxmodelsync.render;

import io.github.nginxmodelsync.config.SyncConfig.RenderLayout;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Results;
import io.quarkus.qute.ValueResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A renderer with a built-in layout's template, built outside Quarkus (benchmarks and generated-input tests): the
 * Qute engine gets a value resolver for routes written like the one Quarkus generates for {@code @TemplateData}.
 */
final class StandaloneRenderer {

    private static final ValueResolver ROUTE = ValueResolver.builder()
            .priority(100)
            .appliesTo(context -> context.getBase() instanceof Route)
            .resolveSync(context -> {
                Route route = (Route) context.getBase();
                return switch (context.getName()) {
                    case "name" -> route.name();
                    case "location" -> route.location();
                    case "upstream" -> route.upstream();
                    case "host" -> route.host();
                    case "port" -> route.port();
                    default -> Results.NotFound.from(context);
                };
            })
            .build();

    private StandaloneRenderer() {
    }

    static NginxRenderer of(RenderLayout layout, String prefix) throws IOException {
        String name = layout == RenderLayout.FULL ? "models.txt" : "compact.txt";
        Path template = Files.createTempFile("nginx-model-sync-" + layout, ".txt");
        template.toFile().deleteOnExit();
        try (InputStream in = StandaloneRenderer.class.getResourceAsStream("/templates/NginxRenderer/" + name)) {
            Files.write(template, in.readAllBytes());
        }
        Engine engine = Engine.builder().addDefaults().addValueResolver(ROUTE).build();
        return new NginxRenderer(prefix, Optional.of(template), engine);
    }
}
