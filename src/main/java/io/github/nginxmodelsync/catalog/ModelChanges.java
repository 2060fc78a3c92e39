package io.github.nginxmodelsync.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How one model set differs from another, by name: added, removed, and routed to another upstream. */
public record ModelChanges(List<String> added, List<String> removed, List<String> retargeted) {

    /** Compares two model sets. */
    public static ModelChanges between(List<Model> before, List<Model> after) {
        Map<String, Model> old = byName(before);
        Map<String, Model> now = byName(after);
        List<String> added = new ArrayList<>();
        List<String> retargeted = new ArrayList<>();
        now.forEach((name, model) -> {
            Model previous = old.get(name);
            if (previous == null) {
                added.add(name);
            } else if (!previous.equals(model)) {
                retargeted.add(name);
            }
        });
        List<String> removed = old.keySet().stream().filter(name -> !now.containsKey(name)).toList();
        return new ModelChanges(List.copyOf(added), removed, List.copyOf(retargeted));
    }

    /** {@code +m3 -m1 ~m2}, or {@code no model changes} when only the template output changed. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        added.forEach(name -> parts.add("+" + name));
        removed.forEach(name -> parts.add("-" + name));
        retargeted.forEach(name -> parts.add("~" + name));
        return parts.isEmpty() ? "no model changes" : String.join(" ", parts);
    }

    private static Map<String, Model> byName(List<Model> models) {
        Map<String, Model> map = new TreeMap<>();
        models.forEach(model -> map.put(model.name(), model));
        return map;
    }
}
