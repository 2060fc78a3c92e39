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

    /** Init argument: {@code file} makes the sidecar read {@code <dir>/models.json} through a {@code file:} URL. */
    public static final String SOURCE = "source";
    /** Init argument: text of a models file already on the shared volume before the sidecar starts. */
    public static final String PRELOAD = "preload";
    /** Init argument: text of a custom template at {@code <dir>/template.txt}, set as NGINX_TEMPLATE_FILE. */
    public static final String TEMPLATE = "template";
    /** Init argument: {@code true} sets NGINX_VERIFY_URL to NGINX's version location. */
    public static final String VERIFY_URL = "verify-url";
    /** Init argument: {@code false} leaves NGINX_ERROR_LOG unset. */
    public static final String ERROR_LOG = "error-log";

    private Sidecar sidecar;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

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
            if (args.containsKey(PRELOAD)) {
                Files.writeString(nginx.modelsFile(), args.get(PRELOAD));
            }
            String url = inference.url();
            if ("file".equals(args.get(SOURCE))) {
                Files.writeString(sidecar.modelsJson(), "{\"models\":[]}");
                url = sidecar.modelsJson().toUri().toString();
            }
            Map<String, String> settings = new java.util.HashMap<>();
            if (args.containsKey(TEMPLATE)) {
                Files.writeString(sidecar.template(), args.get(TEMPLATE));
                settings.put("nms.nginx-template-file", sidecar.template().toString());
            }
            if ("true".equals(args.get(VERIFY_URL))) {
                settings.put("nms.nginx-verify-url", nginx.baseUrl() + "/.nginx-model-sync/version");
            }
            if (!"false".equals(args.get(ERROR_LOG))) {
                settings.put("nms.nginx-error-log", nginx.dir().resolve("error.log").toString());
            }
            settings.putAll(Map.of(
                    "nms.inference-service-url", url,
                    "nms.models-path", "/v1/models",
                    "nms.nginx-config-file", nginx.modelsFile().toString(),
                    "nms.nginx-pid-file", nginx.pidFile().toString(),
                    "nms.upstream-host", "127.0.0.1"));
            return settings;
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
