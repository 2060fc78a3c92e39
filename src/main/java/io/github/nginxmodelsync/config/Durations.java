package io.github.nginxmodelsync.config;

import java.time.Duration;

/** Durations in messages, written the way the settings take them: {@code 3s}, {@code 500ms}. */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
