package io.github.nginxmodelsync.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
        Map<String, Set<Model>> byName = new TreeMap<>();
        Map<String, List<Integer>> indexes = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            if (entry == null || !entry.isObject()) {
                rejections.add(new Rejection(i, null, "entry is not a JSON object"));
                continue;
            }
            JsonNode nameNode = entry.get("model_name");
            String shownName = nameNode == null || nameNode.isNull() ? null : quote(nameNode);
            String reason = nameProblem(nameNode);
            if (reason == null) {
                reason = portProblem(entry.get("port"));
            }
            if (reason == null) {
                reason = hostProblem(entry.get("host"));
            }
            if (reason != null) {
                rejections.add(new Rejection(i, shownName, reason));
                continue;
            }
            JsonNode hostNode = entry.get("host");
            String host = hostNode == null || hostNode.isNull() ? defaultHost : hostNode.textValue();
            Model model = new Model(nameNode.textValue(), host, portOf(entry.get("port")));
            byName.computeIfAbsent(model.name(), n -> new LinkedHashSet<>()).add(model);
            indexes.computeIfAbsent(model.name(), n -> new ArrayList<>()).add(i);
        }
        List<Model> models = new ArrayList<>();
        byName.forEach((name, targets) -> {
            if (targets.size() == 1) {
                models.add(targets.iterator().next());
                return;
            }
            List<String> addresses = targets.stream().map(Model::target).toList();
            for (int index : indexes.get(name)) {
                rejections.add(new Rejection(index, '"' + name + '"',
                        "model_name appears more than once with different targets " + addresses));
            }
        });
        rejections.sort(Comparator.comparingInt(Rejection::index));
        return new ModelCatalog(models, rejections);
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
        String problem = "port must be an integer from 1 to 65535, got " + quote(node);
        if (node.isTextual()) {
            String text = node.textValue();
            if (!DIGITS.matcher(text).matches()) {
                return problem;
            }
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535 ? null : problem;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            int port = node.intValue();
            return port >= 1 && port <= 65535 ? null : problem;
        }
        return problem;
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
