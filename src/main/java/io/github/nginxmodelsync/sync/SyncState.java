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

    /** Hash of the file written on the shared volume, or null before the first write. */
    volatile String fileHash;
    /** Model routes in that file (for a file found at startup: the count in its header). */
    volatile int fileModelCount;
    /** Hash NGINX was last signalled for, or null. */
    volatile String nginxHash;
    /** Models NGINX serves since that reload. */
    volatile List<Model> nginxModels = List.of();
    /** NGINX master pid signalled last, or 0. */
    volatile int nginxPid;
    /** Hash recorded in the ConfigMap, or null when unknown. */
    volatile String configMapHash;
    /** Entries of the last model list that were rejected. */
    volatile List<Rejection> rejections = List.of();
    volatile Instant lastPass;
    volatile Instant lastSuccess;
    volatile String lastError;
    volatile int consecutiveFailures;

    public String appliedHash() {
        return nginxHash;
    }

    public List<Model> appliedModels() {
        return nginxModels;
    }

    public int nginxPid() {
        return nginxPid;
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
}
