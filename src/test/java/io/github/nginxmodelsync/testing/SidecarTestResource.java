package io.github.nginxmodelsync.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a real NGINX, a real HTTP inference service and three model servers on 127.0.0.1, and points the
 * sidecar's settings at them before Quarkus starts.
 */
public class SidecarTestResource implements QuarkusTestResourceLifecycleManager {

    private Sidecar sidecar;

    @Override
    public Map<String, String> start() {
        try {
            var dir = Files.createTempDirectory("nginx-model-sync-test");
            NginxServer nginx = NginxServer.start(dir.resolve("nginx"));
            InferenceStub inference = new InferenceStub();
            List<UpstreamStub> upstreams = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                upstreams.add(new UpstreamStub(name));
            }
            sidecar = new Sidecar(dir, nginx, inference, List.copyOf(upstreams));
            return Map.of(
                    "nms.inference-service-url", inference.url(),
                    "nms.models-path", "/v1/models",
                    "nms.nginx-config-file", nginx.modelsFile().toString(),
                    "nms.nginx-pid-file", nginx.pidFile().toString(),
                    "nms.upstream-host", "127.0.0.1");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start the sidecar's neighbours: " + e.getMessage(), e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(sidecar, new TestInjector.AnnotatedAndMatchesType(InjectSidecar.class, Sidecar.class));
    }

    @Override
    public void stop() {
        if (sidecar == null) {
            return;
        }
        sidecar.inference().close();
        sidecar.upstreams().forEach(UpstreamStub::close);
        try {
            sidecar.nginx().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
