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
 * @param configMap what happened to the ConfigMap
 * @param configMapError why the ConfigMap write failed, if it did
 */
public record PassOutcome(Status status, Stage failedStage, String error, String sha256, int modelCount,
        List<String> added, List<String> removed, List<String> retargeted, int nginxPid,
        ConfigMapResult configMap, String configMapError) {

    /** The routes' result. */
    public enum Status { APPLIED, UNCHANGED, FAILED }

    /** Where a failed pass stopped. */
    public enum Stage { SOURCE, EMPTY_LIST, RENDER, FILE, NGINX, INTERNAL }

    /** The ConfigMap sink's result. */
    public enum ConfigMapResult { DISABLED, NOT_REACHED, UNCHANGED, CREATED, UPDATED, FAILED }

    static PassOutcome failed(Stage stage, String error, String sha256, int modelCount) {
        return new PassOutcome(Status.FAILED, stage, error, sha256, modelCount, List.of(), List.of(), List.of(), 0,
                ConfigMapResult.NOT_REACHED, null);
    }
}
