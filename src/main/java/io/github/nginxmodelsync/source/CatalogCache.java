package io.github.nginxmodelsync.source;

import io.github.nginxmodelsync.catalog.ModelCatalog;

/**
 * Most polls bring back the very body of the poll before: that body's catalog is kept and handed back, so an idle
 * poll parses and validates nothing (and the renderer, seeing the same catalog, renders nothing).
 */
final class CatalogCache {

    private final String defaultHost;
    private String lastBody;
    private ModelCatalog lastCatalog;

    CatalogCache(String defaultHost) {
        this.defaultHost = defaultHost;
    }

    /** The catalog of this body: the one already built when the body is unchanged. */
    synchronized ModelCatalog of(String body) throws SourceException {
        if (body.equals(lastBody)) {
            return lastCatalog;
        }
        ModelCatalog catalog = ModelCatalog.validate(ModelListParser.entries(body), defaultHost);
        lastBody = body;
        lastCatalog = catalog;
        return catalog;
    }
}
