package io.github.nginxmodelsync.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * The real neighbours of one sidecar under test: NGINX, the inference service, and the model servers
 * behind NGINX (upstream {@code a} on {@code upstreams.get(0)}, and so on).
 */
public record Sidecar(Path dir, NginxServer nginx, InferenceStub inference, List<UpstreamStub> upstreams) {

    /** The model list file read when the sidecar polls a {@code file:} URL. */
    public Path modelsJson() {
        return dir.resolve("models.json");
    }

    public UpstreamStub upstream(int index) {
        return upstreams.get(index);
    }
}
