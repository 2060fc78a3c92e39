package io.github.nginxmodelsync.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The ConfigMap the sidecar records in, as the Kubernetes mock API server holds it. */
public final class RecordedConfigMap {

    /** The mock server's namespace, which the sidecar writes to. */
    public static final String NAMESPACE = "test";
    public static final String NAME = "nginx-config-map";

    private RecordedConfigMap() {
    }

    /** The ConfigMap; fails the test when it does not exist. */
    public static ConfigMap get(KubernetesClient client) {
        ConfigMap cm = client.configMaps().inNamespace(NAMESPACE).withName(NAME).get();
        assertNotNull(cm, "ConfigMap missing");
        return cm;
    }
}
