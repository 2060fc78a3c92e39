package io.github.nginxmodelsync.sync;

import java.util.List;

/**
 * What one sync pass did.
 *
 * @param status the overall result for the routes (file and NGINX)
 * @param failedStage where the pass stopped, for {@link Status#FAILED}
 * @param error the message of that failure
 * @param sha256 hash of the rendered configuration, when rendering was reached
 * @param modelCount models in the rendered configuration
 * @param added models that a reload made live
 * @param removed models that a reload took away
 * @param retargeted models whose upstream changed with a reload
 * @param nginxPid the NGINX master signalled, or 0
 * @param verification how the reload was proven, when it was
 * @param configMap what happened to the ConfigMap
 * @param configMapError why the ConfigMap write failed, if it did
 */
public record PassOutcome(Status status, Stage failedStage, String error, String sha256, int modelCount,
        List<String> added, List<String> removed, List<String> retargeted, int nginxPid, String verification,
        ConfigMapResult configMap, String configMapError) {

    /**
     * The routes' result: applied (reloaded and verified), unchanged, deferred (the file is written and one
     * reload at the end of RELOAD_MIN_INTERVAL will take it), settling (the model list changed moments ago: it is
     * polled again after RELOAD_SETTLE and applied once it stays the same), or failed.
     */
    public enum Status { APPLIED, UNCHANGED, DEFERRED, SETTLING, FAILED }

    /**
     * Where a failed pass stopped; {@code REJECTED}: NGINX refused the configuration and the previous file was
     * restored.
     */
    public enum Stage { SOURCE, EMPTY_LIST, RENDER, FILE, NGINX, REJECTED, INTERNAL }

    /**
     * The ConfigMap sink's result; {@code FOLLOWING}: another replica holds the Lease and records the ConfigMap, so
     * this one did not write.
     */
    public enum ConfigMapResult { DISABLED, NOT_REACHED, UNCHANGED, CREATED, UPDATED, FOLLOWING, FAILED }

    /** What happened to the ConfigMap in a pass. */
    record ConfigMapWrite(ConfigMapResult result, String error) {
    }

    PassOutcome withConfigMap(ConfigMapWrite write) {
        return new PassOutcome(status, failedStage, error, sha256, modelCount, added, removed, retargeted, nginxPid,
                verification, write.result(), write.error());
    }

    /** A change known and not applied yet: {@link Status#DEFERRED} or {@link Status#SETTLING}. */
    static PassOutcome waiting(Status status, String sha256, int modelCount) {
        return new PassOutcome(status, null, null, sha256, modelCount, List.of(), List.of(), List.of(), 0, null,
                ConfigMapResult.NOT_REACHED, null);
    }

    static PassOutcome failed(Stage stage, String error, String sha256, int modelCount) {
        return new PassOutcome(Status.FAILED, stage, error, sha256, modelCount, List.of(), List.of(), List.of(), 0,
                null, ConfigMapResult.NOT_REACHED, null);
    }
}
