package io.github.nginxmodelsync.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the NGINX master and its workers, against a process table laid out like {@code /proc} in a temporary
 * directory (so NGINX processes of other tests cannot interfere), plus kill(2) against real processes.
 */
class NginxProcessTest {

    @TempDir
    Path dir;

    Path proc;
    Path pidFile;
    Path shared;
    Path elsewhere;
    NginxProcess nginx;

    @BeforeEach
    void emptyProcessTable() throws IOException {
        proc = Files.createDirectories(dir.resolve("proc"));
        pidFile = dir.resolve("nginx.pid");
        shared = Files.createDirectories(dir.resolve("models"));
        elsewhere = Files.createDirectories(dir.resolve("other-container-root"));
        nginx = new NginxProcess(pidFile, shared, proc);
        process(1, 0, "/sbin/init");
    }

    @Test
    void usesThePidFileWhenItNamesAnNginxMaster() throws Exception {
        process(40, 1, "nginx: master process /usr/sbin/nginx -g daemon off;");
        Files.writeString(pidFile, "40\n");

        NginxProcess.Master master = nginx.findMaster();

        assertEquals(40, master.pid());
        assertNull(master.pidFileProblem());
    }

    @Test
    void aMissingPidFileWithNoNginxRunningMeansNginxHasNotStarted() {
        ApplyException e = assertThrows(ApplyException.class, nginx::findMaster);

        assertTrue(e.getMessage().contains("does not exist: NGINX has not started yet"), e.getMessage());
        assertTrue(e.getMessage().contains("NGINX_PID_FILE"), e.getMessage());
    }

    @Test
    void aMissingPidFileFallsBackToTheOnlyMasterInProc() throws Exception {
        process(40, 1, "nginx: master process nginx");
        process(41, 40, "nginx: worker process");

        NginxProcess.Master master = nginx.findMaster();

        assertEquals(40, master.pid());
        assertTrue(master.pidFileProblem().contains("does not exist"), master.pidFileProblem());
    }

    @Test
    void aPidFileNamingAnotherProcessFallsBackToTheMasterInProc() throws Exception {
        process(40, 1, "nginx: master process nginx");
        process(77, 1, "sleep 300");
        Files.writeString(pidFile, "77");

        NginxProcess.Master master = nginx.findMaster();

        assertEquals(40, master.pid());
        assertTrue(master.pidFileProblem().contains("pid 77 from " + pidFile + " is not an NGINX master process "
                + "(its command line is 'sleep 300'); refusing to signal it"), master.pidFileProblem());
    }

    @Test
    void aStalePidFallsBackToTheNewMaster() throws Exception {
        process(52, 1, "nginx: master process nginx");
        Files.writeString(pidFile, "40");

        NginxProcess.Master master = nginx.findMaster();

        assertEquals(52, master.pid());
        assertTrue(master.pidFileProblem().contains("names pid 40, but no such process exists"));
    }

    @Test
    void ignoresAMasterThatDoesNotSeeTheSharedVolume() throws Exception {
        process(40, 1, "nginx: master process nginx");
        Files.delete(proc.resolve("40/root"));
        Files.createSymbolicLink(proc.resolve("40/root"), elsewhere);

        ApplyException e = assertThrows(ApplyException.class, nginx::findMaster);

        assertTrue(e.getMessage().contains("does not exist: NGINX has not started yet"), e.getMessage());
    }

    @Test
    void refusesToGuessBetweenTwoMasters() {
        process(40, 1, "nginx: master process nginx -c /a.conf");
        process(60, 1, "nginx: master process nginx -c /b.conf");

        ApplyException e = assertThrows(ApplyException.class, nginx::findMaster);

        assertTrue(e.getMessage().contains("/proc holds 2 NGINX master processes [40, 60], refusing to guess"),
                e.getMessage());
    }

    @Test
    void activeWorkersAreTheChildrenStillServing() {
        process(40, 1, "nginx: master process nginx");
        process(41, 40, "nginx: worker process");
        process(42, 40, "nginx: worker process is shutting down");
        process(43, 40, "nginx: cache manager process");
        process(44, 1, "nginx: worker process");
        process(60, 1, "nginx: master process other");
        process(61, 60, "nginx: worker process");

        assertEquals(Set.of(41), nginx.activeWorkers(40));
    }

    @Test
    void readsTheParentFromStatEvenWhenTheCommandHasParentheses() {
        assertEquals(40, NginxProcess.parentFromStat("41 (nginx) S 40 40 40 0 -1"));
        assertEquals(7, NginxProcess.parentFromStat("9 (a) b (c)) R 7 9 9 0"));
        assertEquals(-1, NginxProcess.parentFromStat("garbage"));
    }

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
    void garbageInThePidFileIsReported() throws Exception {
        Files.writeString(pidFile, "not-a-pid");

        ApplyException e = assertThrows(ApplyException.class, nginx::findMaster);

        assertTrue(e.getMessage().contains("does not hold a process id: 'not-a-pid'"), e.getMessage());
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
    void eachSignalErrorNamesItsFix() {
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

    /**
     * Lays out {@code proc/<pid>/cmdline} (NUL-separated, as the kernel writes it), {@code proc/<pid>/stat} and
     * {@code proc/<pid>/root}, a link to {@code /} as for a process in our own mount namespace.
     */
    private void process(int pid, int parent, String title) {
        try {
            Path entry = Files.createDirectories(proc.resolve(Integer.toString(pid)));
            Files.createSymbolicLink(entry.resolve("root"), Path.of("/"));
            Files.write(entry.resolve("cmdline"), (title.replace(' ', '\0') + "\0").getBytes(StandardCharsets.UTF_8));
            Files.writeString(entry.resolve("stat"), pid + " (" + title.split(" ")[0] + ") S " + parent + " " + pid
                    + " " + pid + " 0 -1 4194560");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
