package io.github.nginxmodelsync.apply;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** libc {@code kill(2)} through the FFM API, returning errno instead of hiding it. */
public final class Signals {

    /** SIGHUP on Linux: NGINX re-reads its configuration. */
    public static final int SIGHUP = 1;
    /** errno: the caller may not signal that process (different UID). */
    public static final int EPERM = 1;
    /** errno: no such process. */
    public static final int ESRCH = 3;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle KILL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("kill").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private Signals() {
    }

    /** Sends {@code signal} to {@code pid}; returns 0 on success, else the errno of {@code kill(2)}. */
    public static int kill(int pid, int signal) {
        if (pid <= 0) {
            // kill(0) and kill(-n) address process groups; never let a bad pid do that.
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int result = (int) KILL.invokeExact(state, pid, signal);
            return result == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("kill(2) could not be called: " + e, e);
        }
    }
}
