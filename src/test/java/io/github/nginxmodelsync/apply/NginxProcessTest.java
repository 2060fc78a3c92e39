package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pid checks against real files and real processes; the happy path with real NGINX is in the end-to-end tests. */
class NginxProcessTest {

    @TempDir
    Path dir;

    @Test
    void parsesPidFiles() {
        assertEquals(42, NginxProcess.parsePid("42\n"));
        assertEquals(7, NginxProcess.parsePid("  7  "));
        assertEquals(-1, NginxProcess.parsePid(""));
        assertEquals(-1, NginxProcess.parsePid("0"));
        assertEquals(-1, NginxProcess.parsePid("-1"));
        assertEquals(-1, NginxProcess.parsePid("12 13"));
        assertEquals(-1, NginxProcess.parsePid("abc"));
        assertEquals(-1, NginxProcess.parsePid("99999999999"));
    }

    @Test
    void recognisesOnlyTheMasterTitle() {
        assertTrue(NginxProcess.isMasterTitle(NginxProcess.commandLine(
                "nginx: master process /usr/sbin/nginx -g daemon off;\0".getBytes(StandardCharsets.UTF_8))));
        assertFalse(NginxProcess.isMasterTitle("nginx: worker process"));
        assertFalse(NginxProcess.isMasterTitle("/usr/sbin/nginx -c /etc/nginx/nginx.conf"));
        assertFalse(NginxProcess.isMasterTitle("sleep 300"));
        assertFalse(NginxProcess.isMasterTitle(""));
    }

    @Test
    void aMissingPidFileMeansNginxHasNotStarted() {
        NginxProcess nginx = new NginxProcess(dir.resolve("nginx.pid"), Path.of("/proc"));

        ApplyException e = assertThrows(ApplyException.class, nginx::reload);

        assertTrue(e.getMessage().contains("does not exist: NGINX has not started yet"), e.getMessage());
        assertTrue(e.getMessage().contains("NGINX_PID_FILE"), e.getMessage());
    }

    @Test
    void aPidWithoutProcessIsStale() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(5, TimeUnit.SECONDS);
        NginxProcess nginx = nginxWithPid(gone.pid() + "\n");

        ApplyException e = assertThrows(ApplyException.class, nginx::reload);

        assertTrue(e.getMessage().contains("names pid " + gone.pid() + ", but no such process exists"), e.getMessage());
        assertTrue(e.getMessage().contains("stale"), e.getMessage());
    }

    @Test
    void garbageInThePidFileIsReported() throws Exception {
        NginxProcess nginx = nginxWithPid("not-a-pid");

        ApplyException e = assertThrows(ApplyException.class, nginx::reload);

        assertTrue(e.getMessage().contains("does not hold a process id: 'not-a-pid'"), e.getMessage());
    }

    @Test
    void neverSignalsAProcessThatIsNotAnNginxMaster() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "300").start();
        try {
            NginxProcess nginx = nginxWithPid(Long.toString(sleep.pid()));

            ApplyException e = assertThrows(ApplyException.class, nginx::reload);

            assertTrue(e.getMessage().contains("is not an NGINX master process (its command line is 'sleep 300')"),
                    e.getMessage());
            assertFalse(sleep.waitFor(200, TimeUnit.MILLISECONDS), "sleep died: it was signalled");
        } finally {
            sleep.destroy();
        }
    }

    @Test
    void eachSignalErrorNamesItsFix() {
        NginxProcess nginx = new NginxProcess(dir.resolve("nginx.pid"), Path.of("/proc"));

        assertTrue(nginx.signalFailure(42, Signals.EPERM).getMessage()
                .contains("(EPERM): run the sidecar with the same UID as NGINX"));
        assertTrue(nginx.signalFailure(42, Signals.ESRCH).getMessage().contains("the pid file is stale"));
        assertTrue(nginx.signalFailure(42, 22).getMessage().contains("failed with errno 22"));
    }

    @Test
    void killReportsErrnoForAMissingProcess() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(5, TimeUnit.SECONDS);

        assertEquals(Signals.ESRCH, Signals.kill((int) gone.pid(), 0));
        assertEquals(0, Signals.kill((int) ProcessHandle.current().pid(), 0));
    }

    @Test
    void killRefusesProcessGroups() {
        assertThrows(IllegalArgumentException.class, () -> Signals.kill(0, Signals.SIGHUP));
        assertThrows(IllegalArgumentException.class, () -> Signals.kill(-1, Signals.SIGHUP));
    }

    private NginxProcess nginxWithPid(String content) throws Exception {
        Path pidFile = dir.resolve("nginx.pid");
        Files.writeString(pidFile, content);
        return new NginxProcess(pidFile, Path.of("/proc"));
    }
}
