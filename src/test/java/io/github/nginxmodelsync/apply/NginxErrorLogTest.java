package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxErrorLogTest {

    @TempDir
    Path dir;

    @Test
    void findsTheLastEmergencyWrittenAfterTheMark() throws Exception {
        Path file = dir.resolve("error.log");
        Files.writeString(file, "2026/11/23 01:00:00 [emerg] 7#7: old problem in /x.conf:1\n");
        NginxErrorLog log = new NginxErrorLog(Optional.of(file));
        long mark = log.mark();

        Files.writeString(file, """
                2026/11/23 01:00:01 [notice] 7#7: signal 1 (SIGHUP) received from 9, reconfiguring
                2026/11/23 01:00:01 [emerg] 7#7: unknown directive "no_such_directive" in /m/models.conf:4
                """, StandardOpenOption.APPEND);

        assertEquals(Optional.of("unknown directive \"no_such_directive\" in /m/models.conf:4"), log.rejectionSince(mark));
        assertEquals(Optional.empty(), log.rejectionSince(log.mark()));
    }

    @Test
    void readsATruncatedLogFromTheStart() throws Exception {
        Path file = dir.resolve("error.log");
        Files.writeString(file, "x".repeat(500) + "\n");
        NginxErrorLog log = new NginxErrorLog(Optional.of(file));
        long mark = log.mark();

        Files.writeString(file, "2026/11/23 01:00:01 [emerg] 7#7: host not found in upstream \"gpu\"\n");

        assertEquals(Optional.of("host not found in upstream \"gpu\""), log.rejectionSince(mark));
    }

    @Test
    void withoutALogThereIsNoReason() {
        NginxErrorLog none = new NginxErrorLog(Optional.empty());
        NginxErrorLog missing = new NginxErrorLog(Optional.of(dir.resolve("absent.log")));

        assertEquals(0, none.mark());
        assertEquals(Optional.empty(), none.rejectionSince(0));
        assertEquals(Optional.empty(), missing.rejectionSince(0));
    }
}
