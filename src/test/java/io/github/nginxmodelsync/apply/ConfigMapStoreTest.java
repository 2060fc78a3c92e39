package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.github.nginxmodelsync.render.RenderedConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMapStoreTest {

    private final ConfigMapStore store = new ConfigMapStore(null, "routes", "ns", "models.conf");
    private final RenderedConfig config = new RenderedConfig("# text\n", "ab".repeat(32), 4);

    @Test
    void anUpdateCarriesTheResourceVersionItWasReadWithAndKeepsEverythingElse() {
        ConfigMap current = new ConfigMapBuilder()
                .withNewMetadata().withName("routes").withNamespace("ns").withResourceVersion("17")
                .addToLabels("team", "ml").addToAnnotations("owner", "alice").endMetadata()
                .addToData("nginx.conf", "events {}").addToData("models.conf", "# old\n").build();

        ConfigMap desired = store.desired(current, "models.conf", config);

        assertEquals("17", desired.getMetadata().getResourceVersion(), "optimistic locking needs the version read");
        assertEquals(Map.of("nginx.conf", "events {}", "models.conf", "# text\n"), desired.getData());
        assertEquals(Map.of("team", "ml", "app.kubernetes.io/managed-by", "nginx-model-sync"),
                desired.getMetadata().getLabels());
        assertEquals(Map.of("owner", "alice", "nginx-model-sync/sha256", config.sha256(), "nginx-model-sync/models", "4"),
                desired.getMetadata().getAnnotations());
    }

    @Test
    void holdsOnlyWhenTextHashAndLabelAllMatch() {
        ConfigMap written = store.desired(null, "models.conf", config);

        assertTrue(ConfigMapStore.holds(written, "models.conf", config));
        assertFalse(ConfigMapStore.holds(written, "other.conf", config));
        assertFalse(ConfigMapStore.holds(written, "models.conf", new RenderedConfig("# other\n", config.sha256(), 4)));
        written.getMetadata().getLabels().clear();
        assertFalse(ConfigMapStore.holds(written, "models.conf", config));
    }
}
