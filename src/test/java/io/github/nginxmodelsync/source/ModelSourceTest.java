package io.github.nginxmodelsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelSourceTest {

    @Test
    void joinsBaseUrlAndModelsPath() {
        assertEquals(URI.create("http://svc:5002/models"), ModelSource.location(URI.create("http://svc:5002"), "/models"));
        assertEquals(URI.create("http://svc:5002/models"), ModelSource.location(URI.create("http://svc:5002/"), "models"));
        assertEquals(URI.create("http://svc/api/v1/models"), ModelSource.location(URI.create("http://svc/api/"), "/v1/models"));
    }

    @Test
    void aFileUrlNamesTheFileItself() {
        URI file = URI.create("file:/etc/models.json");

        assertEquals(file, ModelSource.location(file, "/models"));
        assertEquals(Path.of("/etc/models.json"), ModelSource.filePath(file));
        assertEquals(Path.of("/etc/models.json"), ModelSource.filePath(URI.create("file:///etc/models.json")));
        assertEquals(Path.of("examples/models.json"), ModelSource.filePath(URI.create("file:examples/models.json")));
    }

    @Test
    void theRetryCapCoversEveryAttemptAndPause() {
        assertEquals(Duration.ofSeconds(56), ModelSource.worstCase(3, Duration.ofSeconds(10), Duration.ofSeconds(5)));
        // No retries: SmallRye still wants a cap above RETRY_DELAY.
        Duration noRetries = ModelSource.worstCase(0, Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertTrue(noRetries.compareTo(Duration.ofSeconds(5)) > 0, noRetries.toString());
    }

    @Test
    void parsesTheModelsArray() throws SourceException {
        assertEquals(2, ModelListParser.entries("{\"models\":[{\"model_name\":\"a\"},{}],\"extra\":1}").size());
        assertEquals(0, ModelListParser.entries("{\"models\":[]}").size());
    }

    @Test
    void rejectsBodiesThatAreNotAModelList() {
        assertTrue(failure("<html><body>Maintenance</body></html>").contains("is not JSON"));
        assertTrue(failure("").contains("must be a JSON object"));
        assertTrue(failure("[1,2]").contains("must be a JSON object"));
        assertTrue(failure("{\"models\":{}}").contains("no \"models\" array"));
        assertTrue(failure("{\"data\":[]}").contains("no \"models\" array"));
        assertTrue(failure("{\"models\":[").contains("is not JSON"));
    }

    private static String failure(String body) {
        return assertThrows(SourceException.class, () -> ModelListParser.entries(body)).getMessage();
    }
}
