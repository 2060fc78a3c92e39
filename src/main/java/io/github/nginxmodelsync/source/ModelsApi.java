package io.github.nginxmodelsync.source;

import jakarta.ws.rs.GET;
import java.io.InputStream;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The inference service's model list, fetched as a stream: it is read only up to MAX_RESPONSE_BYTES, and a bad
 * body gets our own clear message.
 */
public interface ModelsApi {

    /** GET of INFERENCE_SERVICE_URL + MODELS_PATH (the client is built with that full URL). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    InputStream models();
}
