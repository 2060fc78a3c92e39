package io.github.nginxmodelsync.apply;

/** A sink (file, NGINX, ConfigMap) could not take the configuration; the message names the cause and the fix. */
public class ApplyException extends Exception {

    public ApplyException(String message) {
        super(message);
    }

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
