package io.github.nginxmodelsync.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nginxmodelsync.catalog.ModelCatalog;
import io.github.nginxmodelsync.config.SyncConfig.RenderLayout;
import io.github.nginxmodelsync.testing.ModelLists;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validate + render + hash of a model list, the work of a pass once the body is in (run by bench/run). The
 * built-in template text is rendered by a Qute engine built outside Quarkus ({@link StandaloneRenderer}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx256m"})
public class RenderBenchmark {

    @Param({"10", "1000", "10000"})
    int models;

    @Param({"full", "compact"})
    String layout;

    private List<JsonNode> entries;
    private NginxRenderer renderer;
    private ModelCatalog validated;

    @Setup
    public void setUp() throws IOException {
        JsonNode list = new ObjectMapper().readTree(ModelLists.many("model", models, 8080, 8081, 8082, 8083));
        entries = new ArrayList<>();
        list.get("models").forEach(entries::add);
        renderer = StandaloneRenderer.of(RenderLayout.valueOf(layout.toUpperCase(Locale.ROOT)), "/");
        validated = ModelCatalog.validate(entries, "localhost");
    }

    /** The whole: what a pass spends between the parsed body and the text to compare. */
    @Benchmark
    public RenderedConfig validateRenderHash() {
        return renderer.render(ModelCatalog.validate(entries, "localhost"));
    }

    /** Its first part: checking every entry against the contract, sorting, collapsing duplicates. */
    @Benchmark
    public ModelCatalog validateOnly() {
        return ModelCatalog.validate(entries, "localhost");
    }

    /** Its second part: the template and the SHA-256 of its output. */
    @Benchmark
    public RenderedConfig renderAndHashOnly() {
        // A new catalog each time: the renderer hands back its last render for the very same catalog.
        return renderer.render(new ModelCatalog(validated.models(), validated.rejections()));
    }
}
