package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedFileWriterTest {

    @TempDir
    Path dir;

    @Test
    void createsTheParentDirectoryAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("etc/nginx/models/models.conf");

        SharedFileWriter.write(target, "location /m1/ {}\n");

        assertEquals("location /m1/ {}\n", Files.readString(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void theFileIsReadableByOtherUsers() throws IOException {
        Path target = dir.resolve("models.conf");

        SharedFileWriter.write(target, "x");

        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void replacesTheFileWithANewInode() throws IOException {
        Path target = dir.resolve("models.conf");
        SharedFileWriter.write(target, "old");
        Object before = Files.getAttribute(target, "unix:ino");

        SharedFileWriter.write(target, "new");

        assertEquals("new", Files.readString(target));
        assertTrue(!before.equals(Files.getAttribute(target, "unix:ino")), "written in place, not renamed");
    }

    @Test
    void aReaderNeverSeesAPartialFile() throws Exception {
        Path target = dir.resolve("models.conf");
        String small = "a".repeat(10);
        String large = "b".repeat(2_000_000);
        SharedFileWriter.write(target, small);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                try {
                    seen.add(Files.readString(target).length());
                } catch (IOException e) {
                    seen.add(-1);
                }
            }
        });

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; i < 40 || (seen.size() < 2 && System.nanoTime() < deadline); i++) {
            SharedFileWriter.write(target, i % 2 == 0 ? large : small);
        }
        done.set(true);
        reader.join();

        assertTrue(Set.of(small.length(), large.length()).containsAll(seen), "a reader saw a partial or missing file: "
                + seen);
        assertEquals(2, seen.size(), "the reader never overlapped the writes: " + seen);
    }

    @Test
    void readReportsAMissingFileAsEmpty() throws IOException {
        assertTrue(SharedFileWriter.read(dir.resolve("absent.conf")).isEmpty());
    }

    @Test
    void failsClearlyWhenTheParentIsAFile() throws IOException {
        Path blocker = dir.resolve("models");
        Files.writeString(blocker, "not a directory");

        assertThrows(IOException.class, () -> SharedFileWriter.write(blocker.resolve("models.conf"), "x"));
        assertEquals("not a directory", Files.readString(blocker));
    }
}
