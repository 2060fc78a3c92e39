package io.github.nginxmodelsync.source;

/** The model list as a whole could not be had: nothing downstream may change. */
public class SourceException extends Exception {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
