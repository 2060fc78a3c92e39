package io.github.nginxmodelsync.logging;

import io.github.nginxmodelsync.config.SyncConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogManager;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * LOG_FORMAT=json: one JSON object per line on the console, for log pipelines that parse fields. The formatter is
 * set on the console handler as the application starts; anything logged before that (a bad setting, say) stays
 * plain text.
 */
@Singleton
public class JsonLogs {

    private final SyncConfig config;

    JsonLogs(SyncConfig config) {
        this.config = config;
    }

    void install(@Observes @Priority(1) StartupEvent event) {
        if (config.logFormat() == SyncConfig.LogFormat.JSON) {
            install(LogManager.getLogManager().getLogger("").getHandlers(), new JsonLogFormatter());
        }
    }

    /** Sets the formatter on every console handler, looking inside the handlers that wrap others (async, delayed). */
    private static void install(Handler[] handlers, JsonLogFormatter formatter) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler console) {
                console.setFormatter(formatter);
            } else if (handler instanceof ExtHandler wrapper) {
                install(wrapper.getHandlers(), formatter);
            }
        }
    }
}
