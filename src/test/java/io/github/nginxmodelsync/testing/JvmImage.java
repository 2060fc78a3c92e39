package io.github.nginxmodelsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What src/main/docker/Dockerfile.jvm starts the sidecar with. */
public final class JvmImage {

    public static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");

    private JvmImage() {
    }

    /** The JVM flags ({@code -X...}) of the ENTRYPOINT, in order. */
    public static List<String> entrypointFlags() throws IOException {
        Matcher entrypoint = Pattern.compile("(?s)ENTRYPOINT \\[(.*?)\\]").matcher(Files.readString(DOCKERFILE));
        if (!entrypoint.find()) {
            throw new IllegalStateException("no ENTRYPOINT in " + DOCKERFILE);
        }
        List<String> flags = new ArrayList<>();
        Matcher token = Pattern.compile("\"(-X[^\"]+)\"").matcher(entrypoint.group(1));
        while (token.find()) {
            flags.add(token.group(1));
        }
        return flags;
    }
}
