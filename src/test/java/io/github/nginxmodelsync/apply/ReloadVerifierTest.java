package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ReloadVerifierTest {

    @Test
    void aNewGenerationReplacesEveryServingWorker() {
        assertTrue(ReloadVerifier.newGeneration(Set.of(41, 42), Set.of(51, 52)));
        assertTrue(ReloadVerifier.newGeneration(Set.of(), Set.of(51)));
    }

    @Test
    void oldWorkersStillServingMeanNginxKeptItsConfiguration() {
        assertFalse(ReloadVerifier.newGeneration(Set.of(41, 42), Set.of(41, 42)));
        assertFalse(ReloadVerifier.newGeneration(Set.of(41, 42), Set.of(42, 53)), "one respawned worker is no reload");
        assertFalse(ReloadVerifier.newGeneration(Set.of(41), Set.of()));
    }
}
