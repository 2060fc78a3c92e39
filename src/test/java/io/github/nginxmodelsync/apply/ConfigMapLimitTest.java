package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.github.nginxmodelsync.config.SyncConfig.RenderLayout;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigMapLimitTest {

    @Test
    void exactlyOneMebibyteOfValuesFits() {
        String fits = "x".repeat(ConfigMapLimit.MAX_BYTES);

        assertEquals(Optional.empty(), ConfigMapLimit.problem(0, fits, RenderLayout.FULL, false));
    }

    @Test
    void oneByteOverNamesTheSizeTheLimitAndTheCompactLayout() {
        String over = "x".repeat(ConfigMapLimit.MAX_BYTES + 1);

        String message = ConfigMapLimit.problem(0, over, RenderLayout.FULL, false).orElseThrow();

        assertTrue(message.startsWith("the rendered configuration is 1,048,577 bytes, over the 1,048,576 bytes "
                + "(1 MiB) a ConfigMap can hold, so it is not recorded"), message);
        assertTrue(message.contains("the file and NGINX are updated"), message);
        assertTrue(message.contains("set RENDER_LAYOUT=compact"), message);
        assertFalse(message.contains("other keys"), message);
    }

    @Test
    void theConfigMapsOtherKeysCount() {
        String half = "x".repeat(ConfigMapLimit.MAX_BYTES / 2 + 1);

        String message = ConfigMapLimit.problem(ConfigMapLimit.MAX_BYTES / 2, half, RenderLayout.COMPACT, false)
                .orElseThrow();

        assertTrue(message.contains("the ConfigMap's other keys take 524,288 bytes"), message);
        assertTrue(message.contains("shorten the model names"), message);
    }

    @Test
    void theAdviceFollowsWhatIsAlreadyInUse() {
        String over = "é".repeat(ConfigMapLimit.MAX_BYTES / 2 + 1); // two bytes each in UTF-8

        assertTrue(ConfigMapLimit.problem(0, over, RenderLayout.FULL, true).orElseThrow()
                .contains("NGINX_TEMPLATE_FILE"));
    }

    @Test
    void otherValuesAreCountedAsTheApiServerCountsThem() {
        ConfigMap current = new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata()
                .addToData("models.conf", "ours, not counted").addToData("nginx.conf", "events {}")
                .addToBinaryData("blob", Base64.getEncoder().encodeToString(new byte[100])).build();

        assertEquals(9 + 100, ConfigMapStore.otherBytes(current, "models.conf"));
        assertEquals(0, ConfigMapStore.otherBytes(null, "models.conf"));
    }
}
