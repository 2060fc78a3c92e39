package io.github.nginxmodelsync.source;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Reads the wire format {@code {"models":[...]}} into its entries; the entries are validated by the catalog. */
public final class ModelListParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelListParser() {
    }

    /** The elements of the {@code models} array; a body that is not such an object fails as a whole. */
    public static List<JsonNode> entries(String body) throws SourceException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new SourceException("the model list is not JSON (" + e.getOriginalMessage() + "); body starts with '"
                    + preview(body) + "'");
        }
        if (root == null || !root.isObject()) {
            throw new SourceException("the model list must be a JSON object with a \"models\" array; body starts with '"
                    + preview(body) + "'");
        }
        JsonNode models = root.get("models");
        if (models == null || !models.isArray()) {
            throw new SourceException("the model list has no \"models\" array; body starts with '" + preview(body) + "'");
        }
        List<JsonNode> entries = new ArrayList<>(models.size());
        models.forEach(entries::add);
        return entries;
    }

    private static String preview(String body) {
        String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
    }
}
