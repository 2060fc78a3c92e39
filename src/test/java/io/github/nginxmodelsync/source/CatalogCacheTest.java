package io.github.nginxmodelsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.nginxmodelsync.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

class CatalogCacheTest {

    private final CatalogCache cache = new CatalogCache("localhost");

    @Test
    void anUnchangedBodyIsNotParsedAgain() throws SourceException {
        ModelCatalog first = cache.of("{\"models\":[{\"model_name\":\"m1\",\"port\":8080}]}");

        assertSame(first, cache.of("{\"models\":[{\"model_name\":\"m1\",\"port\":8080}]}"));
        ModelCatalog changed = cache.of("{\"models\":[{\"model_name\":\"m2\",\"port\":8080}]}");
        assertNotSame(first, changed);
        assertEquals(java.util.List.of("m2"), changed.names());
    }

    @Test
    void aBadBodyFailsAndLeavesTheLastCatalog() throws SourceException {
        ModelCatalog good = cache.of("{\"models\":[]}");

        assertThrows(SourceException.class, () -> cache.of("<html>maintenance</html>"));
        assertSame(good, cache.of("{\"models\":[]}"));
    }
}
