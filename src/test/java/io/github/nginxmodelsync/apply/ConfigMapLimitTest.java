package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.config.SyncConfig.RenderLayout;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigMapLimitTest {

    @Test
    void aConfigurationThatFitsPasses() {
        String fits = "x".repeat(ConfigMapLimit.MAX_BYTES - "models.conf".length());

        assertEquals(Optional.empty(), ConfigMapLimit.problem("models.conf", fits, RenderLayout.FULL, false));
    }

    @Test
    void oneByteOverNamesTheSizeTheLimitAndTheCompactLayout() {
        String over = "x".repeat(ConfigMapLimit.MAX_BYTES - "models.conf".length() + 1);

        String message = ConfigMapLimit.problem("models.conf", over, RenderLayout.FULL, false).orElseThrow();

        assertTrue(message.startsWith("the rendered configuration is 1,048,577 bytes with its key, over the "
                + "1,048,576 bytes (1 MiB) a ConfigMap can hold"), message);
        assertTrue(message.contains("the file and NGINX are updated"), message);
        assertTrue(message.contains("set RENDER_LAYOUT=compact"), message);
    }

    @Test
    void theAdviceFollowsWhatIsAlreadyInUse() {
        String over = "é".repeat(ConfigMapLimit.MAX_BYTES / 2 + 1); // two bytes each in UTF-8

        assertTrue(ConfigMapLimit.problem("k", over, RenderLayout.COMPACT, false).orElseThrow()
                .contains("shorten the model names"));
        assertTrue(ConfigMapLimit.problem("k", over, RenderLayout.FULL, true).orElseThrow()
                .contains("NGINX_TEMPLATE_FILE"));
    }
}
