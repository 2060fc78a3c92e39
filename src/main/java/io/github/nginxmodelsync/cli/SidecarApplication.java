package io.github.nginxmodelsync.cli;

import io.github.nginxmodelsync.api.Reports;
import io.github.nginxmodelsync.catalog.ModelCatalog;
import io.github.nginxmodelsync.catalog.Rejection;
import io.github.nginxmodelsync.render.NginxRenderer;
import io.github.nginxmodelsync.render.RenderedConfig;
import io.github.nginxmodelsync.source.ModelSource;
import io.github.nginxmodelsync.source.SourceException;
import io.github.nginxmodelsync.sync.PassOutcome;
import io.github.nginxmodelsync.sync.Reconciler;
import io.github.nginxmodelsync.sync.SyncState;
import io.github.nginxmodelsync.sync.SyncTrigger;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.PrintStream;

/** Runs what the command line asked for, once Quarkus has started. */
public class SidecarApplication implements QuarkusApplication {

    /** Exit code of {@code --dry-run} when the configuration rendered but some entries were rejected. */
    static final int REJECTED_ENTRIES = 3;

    @Inject
    Reconciler reconciler;

    @Inject
    SyncState state;

    @Inject
    ModelSource source;

    @Inject
    NginxRenderer renderer;

    @Override
    public int run(String... args) {
        return switch (Command.parse(args)) {
            case RUN -> {
                Quarkus.waitForExit();
                yield 0;
            }
            case ONCE -> once();
            case DRY_RUN -> dryRun(System.out, System.err);
            case HELP -> 0;
        };
    }

    /** One pass; its outcome goes to stdout as the JSON {@code POST /sync} answers with. */
    private int once() {
        long start = System.nanoTime();
        PassOutcome outcome = reconciler.pass();
        System.out.println(Reports.requested(SyncTrigger.Requested.of(outcome, state, start)).toPrettyString());
        return outcome.status() == PassOutcome.Status.FAILED ? 1 : 0;
    }

    /** Fetch, validate, render and print; nothing is written and nothing is signalled. */
    private int dryRun(PrintStream out, PrintStream err) {
        ModelCatalog catalog;
        RenderedConfig rendered;
        try {
            catalog = source.fetch();
            rendered = renderer.render(catalog);
        } catch (SourceException e) {
            err.println("dry run failed: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("dry run failed: cannot render the configuration: " + e.getMessage());
            return 1;
        }
        out.print(rendered.text());
        out.flush();
        for (Rejection rejection : catalog.rejections()) {
            err.println("rejected " + rejection);
        }
        if (catalog.models().isEmpty()) {
            err.println("the list holds no valid model: a running sidecar keeps the routes it has unless "
                    + "ALLOW_EMPTY=true");
        }
        return catalog.rejections().isEmpty() ? 0 : REJECTED_ENTRIES;
    }
}
