package io.github.nginxmodelsync.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A model server on 127.0.0.1 that answers {@code <name> <path>}, so a test sees which upstream NGINX chose. */
public final class UpstreamStub implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private volatile String lastHost;
    private volatile String lastForwardedFor;
    private volatile String lastProtocol;

    public UpstreamStub(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            lastHost = exchange.getRequestHeaders().getFirst("Host");
            lastForwardedFor = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
            lastProtocol = exchange.getProtocol();
            byte[] bytes = (name + " " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public String name() {
        return name;
    }

    /** Host, X-Forwarded-For and protocol of the last request, as NGINX proxied it. */
    public List<String> lastProxyHeaders() {
        return java.util.Arrays.asList(lastHost, lastForwardedFor, lastProtocol);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
