package io.github.nginxmodelsync.apply;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.nginxmodelsync.config.SyncConfig;
import io.github.nginxmodelsync.render.RenderedConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The ConfigMap that durably records the applied configuration. Writes touch only our key, our label and
 * our annotations, and use the object's resourceVersion, so a concurrent writer causes a 409 and a re-read
 * instead of a lost update.
 */
@Singleton
public class ConfigMapStore {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "nginx-model-sync";
    public static final String SHA256_ANNOTATION = "nginx-model-sync/sha256";
    public static final String MODELS_ANNOTATION = "nginx-model-sync/models";
    static final int MAX_ATTEMPTS = 5;

    /** What a write did. */
    public enum Result { CREATED, UPDATED, UNCHANGED }

    private final KubernetesClient client;
    private final String name;
    private final String namespace;
    private final String key;

    @Inject
    ConfigMapStore(KubernetesClient client, SyncConfig config) {
        this(client, config.configmapName(), namespace(client, config), config.configmapKey());
    }

    /** CONFIGMAP_NAMESPACE, else the client's namespace (the pod's), else {@code default}. */
    static String namespace(KubernetesClient client, SyncConfig config) {
        return config.configmapNamespace().orElseGet(() -> Objects.requireNonNullElse(client.getNamespace(), "default"));
    }

    public ConfigMapStore(KubernetesClient client, String name, String namespace, String key) {
        this.client = client;
        this.name = name;
        this.namespace = namespace;
        this.key = key;
    }

    /** Namespace and name, for messages. */
    public String describe() {
        return namespace + "/" + name;
    }

    /** The configuration does not fit the ConfigMap; nothing was sent. */
    public static final class TooLarge extends ApplyException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** Creates the ConfigMap or updates our key in it; re-reads and retries when another writer got there first. */
    public Result write(RenderedConfig config) throws ApplyException {
        return write(config, others -> Optional.empty());
    }

    /**
     * As {@link #write(RenderedConfig)}, but first asks {@code tooBig} whether the text fits beside the values of
     * the ConfigMap's other keys (given in bytes); when it says why not, nothing is sent.
     */
    public Result write(RenderedConfig config, LongFunction<Optional<String>> tooBig) throws ApplyException {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                ConfigMap current = client.configMaps().inNamespace(namespace).withName(name).get();
                Optional<String> problem = tooBig.apply(otherBytes(current, key));
                if (problem.isPresent()) {
                    throw new TooLarge("ConfigMap " + describe() + ": " + problem.get());
                }
                if (current == null) {
                    client.configMaps().inNamespace(namespace).resource(desired(null, key, config)).create();
                    return Result.CREATED;
                }
                if (holds(current, key, config)) {
                    return Result.UNCHANGED;
                }
                client.configMaps().inNamespace(namespace).resource(desired(current, key, config)).update();
                return Result.UPDATED;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw failure("write", e);
                }
            }
        }
        throw new ApplyException("ConfigMap " + describe() + " changed under every one of " + MAX_ATTEMPTS
                + " attempts (409 Conflict); will try again next pass");
    }

    /** The configuration text recorded under our key, if the ConfigMap exists and has it. */
    public Optional<String> read() throws ApplyException {
        try {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(name).get();
            return Optional.ofNullable(current).map(ConfigMap::getData).map(data -> data.get(key));
        } catch (KubernetesClientException e) {
            throw failure("read", e);
        }
    }

    /** Bytes of the values other than ours, as the API server counts them against its 1 MiB limit. */
    static long otherBytes(ConfigMap current, String key) {
        if (current == null) {
            return 0;
        }
        long bytes = 0;
        if (current.getData() != null) {
            for (Map.Entry<String, String> entry : current.getData().entrySet()) {
                if (!entry.getKey().equals(key) && entry.getValue() != null) {
                    bytes += entry.getValue().getBytes(StandardCharsets.UTF_8).length;
                }
            }
        }
        if (current.getBinaryData() != null) {
            for (String base64 : current.getBinaryData().values()) {
                bytes += base64 == null ? 0 : Base64.getDecoder().decode(base64).length;
            }
        }
        return bytes;
    }

    /** True when the ConfigMap already holds exactly this configuration under our key. */
    static boolean holds(ConfigMap current, String key, RenderedConfig config) {
        Map<String, String> data = current.getData();
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        return data != null && config.text().equals(data.get(key))
                && annotations != null && config.sha256().equals(annotations.get(SHA256_ANNOTATION))
                && MANAGED_BY.equals(Optional.ofNullable(current.getMetadata().getLabels())
                        .map(labels -> labels.get(MANAGED_BY_LABEL)).orElse(null));
    }

    /** The object to write: {@code current} (kept whole, resourceVersion included) with our key, label and annotations. */
    ConfigMap desired(ConfigMap current, String key, RenderedConfig config) {
        ConfigMapBuilder builder = current == null
                ? new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                : new ConfigMapBuilder(current);
        return builder
                .editMetadata()
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .addToAnnotations(SHA256_ANNOTATION, config.sha256())
                .addToAnnotations(MODELS_ANNOTATION, Integer.toString(config.modelCount()))
                .endMetadata()
                .addToData(key, config.text())
                .build();
    }

    private ApplyException failure(String verb, KubernetesClientException e) {
        String hint = switch (e.getCode()) {
            case 401 -> ": the sidecar's credentials were refused";
            case 403 -> ": the ServiceAccount needs get and update on this ConfigMap and create on configmaps";
            case 404 -> ": namespace " + namespace + " does not exist";
            case 422 -> ": the API server refused the object (an immutable ConfigMap, or over the 1 MiB limit)";
            default -> "";
        };
        return new ApplyException("cannot " + verb + " ConfigMap " + describe() + " (" + status(e) + ")" + hint, e);
    }

    /**
     * The API server's answer, {@code HTTP 403: <its message>}; without an answer, why there was none (connection
     * refused, a timeout), which the client's own message leaves out.
     */
    static String status(KubernetesClientException e) {
        if (e.getCode() > 0) {
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage();
            return "HTTP " + e.getCode() + ": " + reason;
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? e.getMessage()
                : "the API server did not answer: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
