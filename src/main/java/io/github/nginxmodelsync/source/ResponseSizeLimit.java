package io.github.nginxmodelsync.source;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * MAX_RESPONSE_BYTES: a model list larger than this is refused without being read whole. An announced
 * Content-Length over the limit is refused before the body is read; a body without one is read until it passes
 * the limit, then dropped.
 */
final class ResponseSizeLimit implements ClientResponseFilter {

    /** The body is over the limit; it was not read whole. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private final long maxBytes;

    ResponseSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) throws IOException {
        if (response.getLength() > maxBytes) {
            throw new TooLarge("the model list is " + response.getLength() + " bytes (Content-Length), over "
                    + "MAX_RESPONSE_BYTES (" + maxBytes + " bytes); it was not read");
        }
    }

    /** The body as UTF-8 text, read only up to the limit. */
    String read(InputStream body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw new TooLarge("the model list is over MAX_RESPONSE_BYTES (" + maxBytes + " bytes); reading "
                        + "stopped there");
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Refuses a file over the limit before reading it. */
    void check(long fileBytes, String what) throws TooLarge {
        if (fileBytes > maxBytes) {
            throw new TooLarge(what + " is " + fileBytes + " bytes, over MAX_RESPONSE_BYTES (" + maxBytes
                    + " bytes); it was not read");
        }
    }
}
