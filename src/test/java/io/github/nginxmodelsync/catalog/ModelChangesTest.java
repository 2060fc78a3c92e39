package io.github.nginxmodelsync.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelChangesTest {

    @Test
    void namesAddedRemovedAndRetargetedModels() {
        List<Model> before = List.of(new Model("a", "h", 1), new Model("b", "h", 2), new Model("c", "h", 3));
        List<Model> after = List.of(new Model("b", "h", 2), new Model("c", "h", 4), new Model("d", "h", 5));

        ModelChanges changes = ModelChanges.between(before, after);

        assertEquals(List.of("d"), changes.added());
        assertEquals(List.of("a"), changes.removed());
        assertEquals(List.of("c"), changes.retargeted());
        assertEquals("+d -a ~c", changes.summary());
    }

    @Test
    void saysSoWhenNoModelChanged() {
        List<Model> models = List.of(new Model("a", "h", 1));

        assertEquals("no model changes", ModelChanges.between(models, models).summary());
    }
}
