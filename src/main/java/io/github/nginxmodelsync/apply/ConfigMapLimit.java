package io.github.nginxmodelsync.apply;

import io.github.nginxmodelsync.config.SyncConfig.RenderLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Kubernetes refuses a ConfigMap whose values (of {@code data} and {@code binaryData} together; keys are not
 * counted) are over 1 MiB. A rendered configuration that cannot fit is not sent at all: the user gets a message
 * with the size, the limit and what to change.
 */
public final class ConfigMapLimit {

    /** The API server's limit on the values of a ConfigMap: 1 MiB. */
    public static final int MAX_BYTES = 1024 * 1024;

    private ConfigMapLimit() {
    }

    /**
     * Why this configuration cannot be recorded, or empty when it fits.
     *
     * @param otherBytes what the ConfigMap's other values already take (0 for a ConfigMap of its own)
     */
    public static Optional<String> problem(long otherBytes, String text, RenderLayout layout, boolean customTemplate) {
        long own = text.getBytes(StandardCharsets.UTF_8).length;
        if (otherBytes + own <= MAX_BYTES) {
            return Optional.empty();
        }
        String advice = customTemplate
                ? "make NGINX_TEMPLATE_FILE write less per model (the proxy settings can live in the server block)"
                : layout == RenderLayout.FULL
                        ? "set RENDER_LAYOUT=compact (one line per model, proxy settings in the server block; "
                                + "about 50 bytes plus the name and target per model)"
                        : "shorten the model names or split the models across several NGINX deployments";
        String others = otherBytes == 0 ? "" : String.format(" (and the ConfigMap's other keys take %,d bytes: a "
                + "ConfigMap of its own, CONFIGMAP_NAME, leaves it all the room)", otherBytes);
        return Optional.of(String.format("the rendered configuration is %,d bytes, over the %,d bytes (1 MiB) a "
                + "ConfigMap can hold%s, so it is not recorded in the ConfigMap; the file and NGINX are updated. "
                + "To record it, %s, or set CONFIGMAP_ENABLED=false to stop recording", own, MAX_BYTES, others,
                advice));
    }
}
