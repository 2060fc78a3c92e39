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

    /** These models, all served on one port. */
    public static String onPort(int port, String... names) {
        Object[] pairs = new Object[names.length * 2];
        for (int i = 0; i < names.length; i++) {
            pairs[2 * i] = names[i];
            pairs[2 * i + 1] = port;
        }
        return json(pairs);
    }

    /** {@code count} models named {@code prefix-00000}, ... spread over the given ports in turn. */
    public static String many(String prefix, int count, int... ports) {
        StringBuilder json = new StringBuilder(count * 48).append("{\"models\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(String.format("{\"model_name\":\"%s-%05d\",\"port\":%d}", prefix, i, ports[i % ports.length]));
        }
        return json.append("]}").toString();
    }
}
