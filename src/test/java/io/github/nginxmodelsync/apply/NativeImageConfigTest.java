package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The native-image registration of the kill(2) downcall matches the descriptor {@link Signals} links. */
class NativeImageConfigTest {

    private static final Path METADATA = Path.of("src/main/resources/META-INF/native-image/io.github.nginxmodelsync/"
            + "nginx-model-sync/reachability-metadata.json");

    @Test
    void theKillDowncallIsRegisteredWithErrnoCapture() throws IOException {
        JsonNode downcalls = new ObjectMapper().readTree(METADATA.toFile()).at("/foreign/downcalls");

        assertEquals(1, downcalls.size());
        JsonNode kill = downcalls.get(0);
        assertEquals("jint", kill.get("returnType").asText());
        assertEquals(List.of("jint", "jint"), List.of(kill.at("/parameterTypes/0").asText(),
                kill.at("/parameterTypes/1").asText()));
        assertEquals(2, kill.get("parameterTypes").size());
        assertTrue(kill.at("/options/captureCallState").asBoolean());
    }

    @Test
    void signalsIsInitialisedAtRunTimeInTheNativeImage() throws IOException {
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));

        assertTrue(properties.contains("--initialize-at-run-time=" + Signals.class.getName()), properties);
        assertTrue(properties.contains("--enable-native-access=ALL-UNNAMED"));
    }
}
