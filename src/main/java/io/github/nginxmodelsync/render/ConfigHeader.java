package io.github.nginxmodelsync.render;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first line of every rendered file: {@code # nginx-model-sync models=2 sha256=<hex>}.
 * It has no timestamp, so identical input gives identical bytes, and it lets a restarted sidecar
 * tell what the file on the shared volume holds.
 */
public record ConfigHeader(int modelCount, String sha256) {

    private static final Pattern LINE = Pattern.compile("# nginx-model-sync models=(\\d{1,9}) sha256=([0-9a-f]{64})");

    /** The header line, newline included. */
    public String line() {
        return "# nginx-model-sync models=" + modelCount + " sha256=" + sha256 + "\n";
    }

    /** Reads the header from the start of a file's text, if it has one. */
    public static Optional<ConfigHeader> parse(String text) {
        int end = text.indexOf('\n');
        Matcher m = LINE.matcher(end < 0 ? text : text.substring(0, end));
        return m.matches() ? Optional.of(new ConfigHeader(Integer.parseInt(m.group(1)), m.group(2))) : Optional.empty();
    }
}
