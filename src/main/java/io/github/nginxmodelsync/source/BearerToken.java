package io.github.nginxmodelsync.source;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Sends INFERENCE_SERVICE_TOKEN as {@code Authorization: Bearer <token>}; the token is never logged or shown. */
final class BearerToken implements ClientRequestFilter {

    private final String header;

    BearerToken(String token) {
        this.header = "Bearer " + token;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, header);
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
