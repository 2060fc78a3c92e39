package io.github.nginxmodelsync.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The validated model set: sorted by name, one entry per name, plus every rejected entry with its reason.
 * Validation is the model-list contract; nothing that fails it can reach a template.
 */
public record ModelCatalog(List<Model> models, List<Rejection> rejections) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    public ModelCatalog {
        models = List.copyOf(models);
        rejections = List.copyOf(rejections);
    }

    /** An empty catalog. */
    public static ModelCatalog empty() {
        return new ModelCatalog(List.of(), List.of());
    }

    /**
     * Validates the entries of a {@code models} array.
     *
     * @param entries the array's elements, in the order received
     * @param defaultHost the host of entries that name none (UPSTREAM_HOST)
     */
    public static ModelCatalog validate(List<JsonNode> entries, String defaultHost) {
        List<Rejection> rejections = new ArrayList<>();
        List<Indexed> valid = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            if (entry == null || !entry.isObject()) {
                rejections.add(new Rejection(i, null, "entry is not a JSON object"));
                continue;
            }
            JsonNode nameNode = entry.get("model_name");
            String reason = nameProblem(nameNode);
            if (reason == null) {
                reason = portProblem(entry.get("port"));
            }
            if (reason == null) {
                reason = hostProblem(entry.get("host"));
            }
            if (reason != null) {
                String shownName = nameNode == null || nameNode.isNull() ? null : quote(nameNode);
                rejections.add(new Rejection(i, shownName, reason));
                continue;
            }
            JsonNode hostNode = entry.get("host");
            String host = hostNode == null || hostNode.isNull() ? defaultHost : hostNode.textValue();
            valid.add(new Indexed(i, new Model(nameNode.textValue(), host, portOf(entry.get("port")))));
        }
        // Sorted by name (stable, so entries of one name keep their order): a name is then one run of entries.
        valid.sort(Comparator.comparing(indexed -> indexed.model().name()));
        List<Model> models = new ArrayList<>(valid.size());
        for (int start = 0; start < valid.size(); ) {
            Model first = valid.get(start).model();
            int end = start + 1;
            boolean sameTarget = true;
            while (end < valid.size() && valid.get(end).model().name().equals(first.name())) {
                sameTarget &= valid.get(end).model().equals(first);
                end++;
            }
            if (sameTarget) {
                models.add(first);
            } else {
                List<String> addresses = valid.subList(start, end).stream()
                        .map(indexed -> indexed.model().target()).distinct().toList();
                for (Indexed indexed : valid.subList(start, end)) {
                    rejections.add(new Rejection(indexed.index(), '"' + first.name() + '"',
                            "model_name appears more than once with different targets " + addresses));
                }
            }
            start = end;
        }
        rejections.sort(Comparator.comparingInt(Rejection::index));
        return new ModelCatalog(models, rejections);
    }

    /** A valid entry and its position in the list. */
    private record Indexed(int index, Model model) {
    }

    /** The names of the models, in order. */
    public List<String> names() {
        return models.stream().map(Model::name).toList();
    }

    private static String nameProblem(JsonNode node) {
        if (node == null || node.isNull()) {
            return "model_name is missing";
        }
        if (!node.isTextual()) {
            return "model_name must be a string";
        }
        String name = node.textValue();
        if (name.isEmpty()) {
            return "model_name is empty";
        }
        if (name.length() > 128) {
            return "model_name is longer than 128 characters";
        }
        if (!NAME.matcher(name).matches()) {
            return "model_name may only hold letters, digits, '.', '_' and '-', starting with a letter or digit";
        }
        return null;
    }

    private static String portProblem(JsonNode node) {
        if (node == null || node.isNull()) {
            return "port is missing";
        }
        int port = -1;
        if (node.isTextual()) {
            String text = node.textValue();
            if (DIGITS.matcher(text).matches()) {
                port = Integer.parseInt(text);
            }
        } else if (node.isIntegralNumber() && node.canConvertToInt()) {
            port = node.intValue();
        }
        return port >= 1 && port <= 65535 ? null : "port must be an integer from 1 to 65535, got " + quote(node);
    }

    private static int portOf(JsonNode node) {
        return node.isTextual() ? Integer.parseInt(node.textValue()) : node.intValue();
    }

    private static String hostProblem(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !isHostname(node.textValue())) {
            return "host must be an RFC 1123 hostname or an IPv4 address, got " + quote(node);
        }
        return null;
    }

    /** RFC 1123 hostname or dotted-quad IPv4 address; anything all-numeric must be a valid IPv4 address. */
    public static boolean isHostname(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        String[] labels = host.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
            numeric &= NUMERIC.matcher(label).matches();
        }
        if (!numeric) {
            return true;
        }
        if (labels.length != 4) {
            return false;
        }
        for (String label : labels) {
            if (label.length() > 3 || Integer.parseInt(label) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String quote(JsonNode node) {
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
