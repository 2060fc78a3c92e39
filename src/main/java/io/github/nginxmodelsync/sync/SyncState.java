package io.github.nginxmodelsync.sync;

import io.github.nginxmodelsync.catalog.Model;
import io.github.nginxmodelsync.catalog.Rejection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/**
 * What the sidecar knows it has applied, per sink. Written only by the {@link Reconciler} (one pass at a time);
 * read by anyone.
 */
@Singleton
public class SyncState {

    /** Hash of the file written on the shared volume, or null when unknown or absent. */
    volatile String fileHash;
    /** Model routes in that file (for a file found at startup: the count in its header). */
    volatile int fileModelCount;
    /** Hash of the configuration NGINX proved it serves, or null. */
    volatile String nginxHash;
    /** The text of that configuration: what a rejected reload is rolled back to. */
    volatile String goodText;
    /** Models NGINX serves since that reload (empty when it was found on disk at startup). */
    volatile List<Model> nginxModels = List.of();
    /** How many model routes that configuration holds (known from the header when found on disk). */
    volatile int nginxModelCount;
    /** NGINX master pid signalled last, or 0. */
    volatile int nginxPid;
    /** Hash NGINX rejected last; the same configuration is not tried again. */
    volatile String rejectedHash;
    /** Hash recorded in the ConfigMap, or null when unknown. */
    volatile String configMapHash;
    /** Entries of the last model list that were rejected. */
    volatile List<Rejection> rejections = List.of();
    final Instant started = Instant.now();
    /** When the last pass started, or null. */
    volatile Instant lastPass;
    /** True once a pass has finished, whatever its result. */
    volatile boolean passFinished;
    /** When NGINX last proved it took a new configuration, or null. */
    volatile Instant lastApply;
    volatile Instant lastSuccess;
    volatile String lastError;
    volatile int consecutiveFailures;
    /** How the last pass ended: its status, or the stage it failed at, in lower case; null before the first. */
    volatile String lastResult;
    /** Why the file could not be written, until it is written again. */
    volatile String fileError;
    /** Why NGINX was not reloaded or did not take a configuration, until a reload is verified. */
    volatile String nginxError;
    /** The replica that records the ConfigMap while it is not this one (CONFIGMAP_LEASE), else null. */
    volatile String configMapWriter;
    /** Why the ConfigMap could not be written, until it is written again. */
    volatile String configMapError;
    /** When the ConfigMap was last created or updated by this sidecar, or null. */
    volatile Instant configMapWritten;

    public Instant started() {
        return started;
    }

    public boolean passFinished() {
        return passFinished;
    }

    public Instant lastApply() {
        return lastApply;
    }

    public int appliedModelCount() {
        return nginxModelCount;
    }

    public String appliedHash() {
        return nginxHash;
    }

    public List<Model> appliedModels() {
        return nginxModels;
    }

    public int nginxPid() {
        return nginxPid;
    }

    public String rejectedHash() {
        return rejectedHash;
    }

    public String configMapHash() {
        return configMapHash;
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    public Instant lastPass() {
        return lastPass;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public String lastError() {
        return lastError;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public String lastResult() {
        return lastResult;
    }

    public String fileHash() {
        return fileHash;
    }

    public int fileModelCount() {
        return fileModelCount;
    }

    public String fileError() {
        return fileError;
    }

    public String nginxError() {
        return nginxError;
    }

    public String configMapWriter() {
        return configMapWriter;
    }

    public String configMapError() {
        return configMapError;
    }

    public Instant configMapWritten() {
        return configMapWritten;
    }
}
