package io.github.nginxmodelsync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nginxmodelsync.sync.PassOutcome;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The real neighbours of one sidecar under test: NGINX, the inference service, and the model servers
 * behind NGINX (upstream {@code a} on {@code upstreams.get(0)}, and so on).
 */
public record Sidecar(Path dir, NginxServer nginx, InferenceStub inference, List<UpstreamStub> upstreams) {

    /** The custom template file, when the resource was started with one. */
    public Path template() {
        return dir.resolve("template.txt");
    }

    /** The model list file read when the sidecar polls a {@code file:} URL. */
    public Path modelsJson() {
        return dir.resolve("models.json");
    }

    public UpstreamStub upstream(int index) {
        return upstreams.get(index);
    }

    /** A model list routing each name to the upstream stub with the given index: {@code ("m1", 0, "m2", 1)}. */
    public String modelList(Object... nameUpstreamPairs) {
        Object[] pairs = nameUpstreamPairs.clone();
        for (int i = 1; i < pairs.length; i += 2) {
            pairs[i] = upstream((Integer) pairs[i]).port();
        }
        return ModelLists.json(pairs);
    }

    /** Runs a pass that must apply a change, and waits until NGINX has logged the reload it caused. */
    public PassOutcome expectApplied(Supplier<PassOutcome> pass) throws InterruptedException {
        int reloads = nginx.reloads();
        PassOutcome outcome = pass.get();
        assertEquals(Status.APPLIED, outcome.status(), outcome::toString);
        nginx.awaitReloads(reloads + 1);
        return outcome;
    }
}
