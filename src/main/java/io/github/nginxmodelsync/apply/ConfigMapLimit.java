package io.github.nginxmodelsync.apply;

import io.github.nginxmodelsync.config.SyncConfig.RenderLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Kubernetes refuses a ConfigMap whose data (keys and values together) is over 1 MiB. A rendered configuration
 * that cannot fit is not sent at all: the user gets a message with the size, the limit and what to change.
 */
public final class ConfigMapLimit {

    /** The API server's limit on a ConfigMap's data, keys included: 1 MiB. */
    public static final int MAX_BYTES = 1024 * 1024;

    private ConfigMapLimit() {
    }

    /** Why this configuration cannot be recorded under {@code key}, or empty when it fits. */
    public static Optional<String> problem(String key, String text, RenderLayout layout, boolean customTemplate) {
        long size = key.getBytes(StandardCharsets.UTF_8).length + (long) text.getBytes(StandardCharsets.UTF_8).length;
        if (size <= MAX_BYTES) {
            return Optional.empty();
        }
        String advice = customTemplate
                ? "make NGINX_TEMPLATE_FILE write less per model (the proxy settings can live in the server block)"
                : layout == RenderLayout.FULL
                        ? "set RENDER_LAYOUT=compact (one line per model, proxy settings in the server block; "
                                + "about 50 bytes plus the name and target per model)"
                        : "shorten the model names or split the models across several NGINX deployments";
        return Optional.of(String.format("the rendered configuration is %,d bytes with its key, over the %,d bytes "
                + "(1 MiB) a ConfigMap can hold, so it is not recorded in the ConfigMap; the file and NGINX are "
                + "updated. To record it, %s, or set CONFIGMAP_ENABLED=false to stop recording", size, MAX_BYTES,
                advice));
    }
}
