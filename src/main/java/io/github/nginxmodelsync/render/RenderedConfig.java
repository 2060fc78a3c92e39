package io.github.nginxmodelsync.render;

/**
 * A rendered configuration.
 *
 * @param text the complete file content, header included
 * @param sha256 hex sha256 of the template output (the header only repeats it and the count)
 * @param modelCount how many model routes it holds
 */
public record RenderedConfig(String text, String sha256, int modelCount) {

    /** The first eight hex digits of the hash, for log lines. */
    public String shortHash() {
        return sha256.substring(0, 8);
    }
}
