package io.github.nginxmodelsync.render;

import io.quarkus.qute.TemplateData;

/**
 * What a template sees of one model: every value is computed here, so templates hold no logic.
 *
 * @param name the model name
 * @param location the location path, e.g. {@code /api/v1/predict/m1/}
 * @param upstream the {@code proxy_pass} URL, e.g. {@code http://localhost:8080/}
 * @param host the upstream host
 * @param port the upstream port
 */
@TemplateData
public record Route(String name, String location, String upstream, String host, int port) {
}
