package io.github.nginxmodelsync.catalog;

/**
 * An entry of the model list that never reaches the template.
 *
 * @param index position of the entry in the {@code models} array
 * @param name the entry's {@code model_name} as received, quoted for logs, or {@code null}
 * @param reason why it was rejected, in words a user can act on
 */
public record Rejection(int index, String name, String reason) {

    @Override
    public String toString() {
        return "models[" + index + "]" + (name == null ? "" : " " + name) + ": " + reason;
    }
}
