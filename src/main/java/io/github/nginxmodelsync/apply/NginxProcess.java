package io.github.nginxmodelsync.apply;

import io.github.nginxmodelsync.config.SyncConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The NGINX master process seen from the sidecar: its pid file, its {@code /proc} entry, its workers and the
 * SIGHUP that makes it reload. It refuses to signal any process that is not an NGINX master.
 */
@Singleton
public class NginxProcess {

    static final String MASTER_TITLE = "nginx: master process";
    static final String WORKER_TITLE = "nginx: worker process";

    private final Path pidFile;
    private final Path sharedDir;
    private final Path proc;

    @Inject
    NginxProcess(SyncConfig config) {
        this(config.nginxPidFile(), config.nginxConfigFile().toAbsolutePath().getParent(), Path.of("/proc"));
    }

    /**
     * @param sharedDir the directory of NGINX_CONFIG_FILE: a master found in {@code /proc} must see this very
     *     directory, so an NGINX of another container or pod is never taken for ours
     */
    NginxProcess(Path pidFile, Path sharedDir, Path proc) {
        this.pidFile = pidFile;
        this.sharedDir = sharedDir;
        this.proc = proc;
    }

    /**
     * The master to signal.
     *
     * @param pid its process id
     * @param pidFileProblem why the pid file was not used and {@code /proc} was searched instead, or null
     */
    public record Master(int pid, String pidFileProblem) {
    }

    /** The master named by the pid file, else the only NGINX master in {@code /proc}; never a guess. */
    public Master findMaster() throws ApplyException {
        try {
            return new Master(masterPidFromFile(), null);
        } catch (ApplyException fromFile) {
            List<Integer> masters = scanMasters();
            if (masters.size() == 1) {
                return new Master(masters.get(0), fromFile.getMessage());
            }
            if (masters.isEmpty()) {
                throw fromFile;
            }
            throw new ApplyException(fromFile.getMessage() + "; /proc holds " + masters.size()
                    + " NGINX master processes " + masters + ", refusing to guess which one to signal");
        }
    }

    /** Sends SIGHUP to a master found by {@link #findMaster()}. */
    public void signal(int pid) throws ApplyException {
        int errno = Signals.kill(pid, Signals.SIGHUP);
        if (errno != 0) {
            throw signalFailure(pid, errno);
        }
    }

    /**
     * The master's serving workers, titled exactly "nginx: worker process". A reload NGINX accepts retitles
     * them "... is shutting down" and starts new ones; a rejected reload leaves them as they are.
     */
    public Set<Integer> activeWorkers(int master) {
        Set<Integer> workers = new HashSet<>();
        for (int pid : pids()) {
            if (WORKER_TITLE.equals(title(pid)) && parentOf(pid) == master) {
                workers.add(pid);
            }
        }
        return workers;
    }

    /** True while a process with this pid exists. */
    public boolean alive(int pid) {
        return Files.exists(proc.resolve(Integer.toString(pid)));
    }

    /** Reads the pid file and checks that the pid is an NGINX master process. */
    int masterPidFromFile() throws ApplyException {
        String content;
        try {
            content = Files.readString(pidFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ApplyException("NGINX pid file " + pidFile + " does not exist: NGINX has not started yet, or "
                    + "its 'pid' directive names another file (NGINX_PID_FILE must be the same path)");
        } catch (IOException e) {
            throw new ApplyException("cannot read NGINX pid file " + pidFile + ": " + e.getMessage(), e);
        }
        int pid = parsePid(content);
        if (pid <= 0) {
            throw new ApplyException("NGINX pid file " + pidFile + " does not hold a process id: '"
                    + printable(content) + "'");
        }
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(proc.resolve(Integer.toString(pid)).resolve("cmdline"));
        } catch (NoSuchFileException e) {
            throw stale(pid);
        } catch (IOException e) {
            throw new ApplyException("cannot read the command line of pid " + pid + ": " + e.getMessage()
                    + " (the sidecar must see NGINX's processes: shareProcessNamespace: true)", e);
        }
        String title = commandLine(cmdline);
        if (!isMasterTitle(title)) {
            throw new ApplyException("pid " + pid + " from " + pidFile + " is not an NGINX master process (its command "
                    + "line is '" + printable(title) + "'); refusing to signal it. NGINX_PID_FILE must be NGINX's own "
                    + "pid file and the pod needs shareProcessNamespace: true");
        }
        return pid;
    }

    /** What a failed {@code kill(pid, SIGHUP)} means, and what to do about it. */
    ApplyException signalFailure(int pid, int errno) {
        return switch (errno) {
            case Signals.ESRCH -> stale(pid);
            case Signals.EPERM -> new ApplyException("not permitted to signal NGINX master pid " + pid + " (EPERM): run "
                    + "the sidecar with the same UID as NGINX (securityContext.runAsUser on both containers)");
            default -> new ApplyException("kill(" + pid + ", SIGHUP) failed with errno " + errno);
        };
    }

    private ApplyException stale(int pid) {
        return new ApplyException("NGINX pid file " + pidFile + " names pid " + pid + ", but no such process exists: "
                + "the pid file is stale (NGINX exited or is restarting), or the pod lacks shareProcessNamespace: true");
    }

    /** NGINX masters that see our shared directory through their own root ({@code /proc/<pid>/root}). */
    private List<Integer> scanMasters() {
        List<Integer> masters = new ArrayList<>();
        for (int pid : pids()) {
            if (isTitled(pid, MASTER_TITLE) && seesSharedDir(pid)) {
                masters.add(pid);
            }
        }
        masters.sort(null);
        return masters;
    }

    private List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                int pid = parsePid(entry.getFileName().toString());
                if (pid > 0) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            // No /proc to read: nothing can be found there.
        }
        return pids;
    }

    private boolean seesSharedDir(int pid) {
        Path root = proc.resolve(Integer.toString(pid)).resolve("root");
        Path theirs = root.resolve(sharedDir.getRoot().relativize(sharedDir).toString());
        try {
            return Files.isSameFile(theirs, sharedDir);
        } catch (IOException e) {
            return false; // not visible to us, or not the same volume: not ours to signal
        }
    }

    private boolean isTitled(int pid, String title) {
        return title(pid).startsWith(title);
    }

    private String title(int pid) {
        try {
            return commandLine(Files.readAllBytes(proc.resolve(Integer.toString(pid)).resolve("cmdline")));
        } catch (IOException e) {
            return ""; // gone, or not ours to read
        }
    }

    private int parentOf(int pid) {
        try {
            return parentFromStat(Files.readString(proc.resolve(Integer.toString(pid)).resolve("stat")));
        } catch (IOException e) {
            return -1;
        }
    }

    /** Field 4 of {@code /proc/<pid>/stat}; the command in field 2 may hold spaces and parentheses. */
    static int parentFromStat(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return -1;
        }
        String[] fields = stat.substring(end + 1).strip().split(" ");
        return fields.length > 1 ? parsePid(fields[1]) : -1;
    }

    /** The pid written in a pid file, or -1 when the text is not a positive decimal number. */
    static int parsePid(String content) {
        String text = content.strip();
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long pid = Long.parseLong(text);
        return pid > 0 && pid <= Integer.MAX_VALUE ? (int) pid : -1;
    }

    /** {@code /proc/<pid>/cmdline} as one line: NUL separators become spaces. */
    static String commandLine(byte[] cmdline) {
        return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip();
    }

    /** NGINX sets its master's title to "nginx: master process <binary and arguments>". */
    static boolean isMasterTitle(String title) {
        return title.startsWith(MASTER_TITLE);
    }

    private static String printable(String text) {
        String oneLine = text.strip().replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
    }
}
