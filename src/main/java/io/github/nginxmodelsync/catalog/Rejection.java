package io.github.nginxmodelsync.catalog;

/**
 * An entry of the model list that never reaches the template.
 *
 * @param index position of the entry in the {@code models} array
 * @param name the entry's {@code model_name} as received, quoted for logs, or {@code null}
 * @param reason why it was rejected, in words a user can act on
 */
public record Rejection(int index, String name, String reason) {

    /** A short, fixed label for the reason: {@code name}, {@code port}, {@code host}, {@code duplicate}, {@code entry}. */
    public String kind() {
        if (reason.startsWith("model_name appears more than once")) {
            return "duplicate";
        }
        int space = reason.indexOf(' ');
        String first = space < 0 ? reason : reason.substring(0, space);
        return switch (first) {
            case "model_name" -> "name";
            case "port", "host" -> first;
            default -> "entry";
        };
    }

    @Override
    public String toString() {
        return "models[" + index + "]" + (name == null ? "" : " " + name) + ": " + reason;
    }
}
