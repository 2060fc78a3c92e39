package io.github.nginxmodelsync.catalog;

/** One validated model route: requests for {@code name} go to {@code host:port}. */
public record Model(String name, String host, int port) {

    /** The upstream address as NGINX writes it, e.g. {@code localhost:8080}. */
    public String target() {
        return host + ":" + port;
    }
}
