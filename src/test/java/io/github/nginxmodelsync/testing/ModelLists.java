package io.github.nginxmodelsync.testing;

import java.util.ArrayList;
import java.util.List;

/** Builds model-list JSON for tests. */
public final class ModelLists {

    private ModelLists() {
    }

    /** {@code json("m1", 8080, "m2", "9000")} → {@code {"models":[{"model_name":"m1","port":8080},...]}}. */
    public static String json(Object... namePortPairs) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < namePortPairs.length; i += 2) {
            Object port = namePortPairs[i + 1];
            String portJson = port instanceof String s ? "\"" + s + "\"" : String.valueOf(port);
            entries.add("{\"model_name\":\"" + namePortPairs[i] + "\",\"port\":" + portJson + "}");
        }
        return "{\"models\":[" + String.join(",", entries) + "]}";
    }
}
