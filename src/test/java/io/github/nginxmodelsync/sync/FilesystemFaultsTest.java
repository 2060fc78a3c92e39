package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.sync.PassOutcome.Stage;
import io.github.nginxmodelsync.sync.PassOutcome.Status;
import io.github.nginxmodelsync.testing.InjectSidecar;
import io.github.nginxmodelsync.testing.Sidecar;
import io.github.nginxmodelsync.testing.SidecarTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared volume fails under the sidecar: it is a real 256 KiB tmpfs mounted on NGINX's models directory,
 * then filled up, made read-only, or removed. The old file stays whole and readable, NGINX keeps its routes, the
 * error says what happened, and the next pass after the fix applies the change. Mounting needs root (as in CI).
 */
@QuarkusTest
@TestProfile(FilesystemFaultsTest.Volume.class)
@WithTestResource(SidecarTestResource.class)
class FilesystemFaultsTest {

    /** The models directory is the volume: no ConfigMap. */
    public static class Volume implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nms.configmap-enabled", "false");
        }
    }

    @InjectSidecar
    Sidecar sidecar;

    @Inject
    Reconciler reconciler;

    private Path volume;
    private boolean mounted;

    @BeforeEach
    void mountTheVolume() throws Exception {
        volume = sidecar.nginx().modelsFile().getParent();
        Files.createDirectories(volume);
        run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", volume.toString());
        mounted = true;
        sidecar.inference().respond(sidecar.modelList("disk-a", 0));
        PassOutcome outcome = reconciler.pass();
        assertTrue(outcome.status() == Status.APPLIED || outcome.status() == Status.UNCHANGED, outcome::toString);
        if (outcome.status() == Status.UNCHANGED) {
            // The file is on the volume hidden under the mount: write it again onto the new one.
            sidecar.inference().respond(sidecar.modelList("disk-a", 0, "disk-z", 2));
            sidecar.expectApplied(reconciler::pass);
        }
        sidecar.nginx().awaitStatus("/disk-a/x", 200);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", "-l", volume.toString());
            mounted = false;
        }
    }

    @Test
    void aFullVolumeFailsTheWriteMidwayAndKeepsTheOldFile() throws Exception {
        String before = Files.readString(sidecar.nginx().modelsFile());
        Path filler = volume.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(full.getMessage().contains("No space left"), full.toString());
        }
        // Room for a few KiB, not for the new file: its write starts and fails midway.
        Files.delete(filler);
        try (OutputStream out = Files.newOutputStream(filler)) {
            out.write(new byte[256 * 1024 - 3 * 4096 - before.length()]);
        } catch (IOException ignored) {
            // as full as it gets
        }
        sidecar.inference().respond(bigList());

        PassOutcome failed = reconciler.pass();

        assertEquals(Stage.FILE, failed.failedStage(), failed::toString);
        assertTrue(failed.error().contains("No space left") && failed.error().contains("previous file is unchanged"),
                failed.error());
        assertUnchanged(before);

        Files.delete(filler);
        sidecar.expectApplied(reconciler::pass);
        assertEquals(200, sidecar.nginx().awaitStatus("/bulk-199/x", 200).statusCode());
    }

    @Test
    void aReadOnlyVolumeIsReportedAndTheNextPassAfterTheFixApplies() throws Exception {
        String before = Files.readString(sidecar.nginx().modelsFile());
        run("mount", "-o", "remount,ro", volume.toString());
        sidecar.inference().respond(sidecar.modelList("disk-a", 0, "disk-b", 1));

        PassOutcome failed = reconciler.pass();

        assertEquals(Stage.FILE, failed.failedStage(), failed::toString);
        assertTrue(failed.error().contains("Read-only file system"), failed.error());
        assertUnchanged(before);

        run("mount", "-o", "remount,rw", volume.toString());
        sidecar.expectApplied(reconciler::pass);
        assertEquals("b /x", sidecar.nginx().awaitStatus("/disk-b/x", 200).body());
    }

    @Test
    void aMissingDirectoryIsCreatedAgain() throws Exception {
        run("umount", "-l", volume.toString());
        mounted = false;
        try (Stream<Path> files = Files.list(volume)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(volume);
        sidecar.inference().respond(sidecar.modelList("disk-a", 0, "disk-c", 2));

        sidecar.expectApplied(reconciler::pass);

        assertTrue(Files.readString(sidecar.nginx().modelsFile()).contains("location /disk-c/ {"));
        assertEquals("c /x", sidecar.nginx().awaitStatus("/disk-c/x", 200).body());
        assertEquals(200, sidecar.nginx().get("/disk-a/x").statusCode());
    }

    /** The old file is whole and the only one, and NGINX still serves its route. */
    private void assertUnchanged(String before) throws Exception {
        assertEquals(before, Files.readString(sidecar.nginx().modelsFile()));
        try (Stream<Path> files = Files.list(volume)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(),
                    "a temporary file was left behind");
        }
        assertEquals(200, sidecar.nginx().get("/disk-a/x").statusCode());
    }

    /** 200 models: about 60 KB in the full layout. */
    private String bigList() {
        Object[] pairs = new Object[400];
        for (int i = 0; i < 200; i++) {
            pairs[2 * i] = "bulk-" + i;
            pairs[2 * i + 1] = i % 3;
        }
        return sidecar.modelList(pairs);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed (these tests mount a tmpfs "
                + "and need root): " + output);
    }
}
