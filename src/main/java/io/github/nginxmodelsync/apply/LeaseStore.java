package io.github.nginxmodelsync.apply;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.nginxmodelsync.config.SyncConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code coordination.k8s.io} Lease that says which replica records the ConfigMap. It has the ConfigMap's name
 * and namespace. Every write carries the resourceVersion that was read, so two replicas claiming at once cannot
 * both succeed: the second gets a 409 and learns who won.
 */
@Singleton
public class LeaseStore {

    private final KubernetesClient client;
    private final String name;
    private final String namespace;

    /** What a read found: who holds the Lease, for how long, and the version a claim must name. */
    public record Observed(String holder, int durationSeconds, String resourceVersion, int transitions,
            ZonedDateTime acquired) {

        /** Nobody holds it: never claimed, or released by a replica that shut down. */
        public boolean free() {
            return holder == null || holder.isBlank();
        }
    }

    @Inject
    LeaseStore(KubernetesClient client, SyncConfig config) {
        this(client, config.configmapName(), ConfigMapStore.namespace(client, config));
    }

    public LeaseStore(KubernetesClient client, String name, String namespace) {
        this.client = client;
        this.name = name;
        this.namespace = namespace;
    }

    /** Namespace and name, for messages. */
    public String describe() {
        return namespace + "/" + name;
    }

    /** The Lease as it is now, if it exists. */
    public Optional<Observed> read() throws ApplyException {
        try {
            return Optional.ofNullable(client.leases().inNamespace(namespace).withName(name).get()).map(LeaseStore::observed);
        } catch (KubernetesClientException e) {
            throw failure("read", e);
        }
    }

    /**
     * Makes {@code identity} the holder for {@code duration} from now: creates the Lease when {@code current} is
     * empty, else updates the version that was read. Empty when another replica changed the Lease first.
     */
    public Optional<Observed> claim(Optional<Observed> current, String identity, Duration duration)
            throws ApplyException {
        boolean renewal = current.map(lease -> identity.equals(lease.holder())).orElse(false);
        Lease lease = lease(current.map(Observed::resourceVersion).orElse(null), identity,
                (int) Math.max(1, duration.toSeconds()), renewal ? current.get().acquired() : now(),
                current.map(observed -> observed.transitions() + (renewal ? 0 : 1)).orElse(0));
        try {
            Lease written = current.isEmpty()
                    ? client.leases().inNamespace(namespace).resource(lease).create()
                    : client.leases().inNamespace(namespace).resource(lease).update();
            return Optional.of(observed(written));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty();
            }
            throw failure(current.isEmpty() ? "create" : "update", e);
        }
    }

    /** Gives the Lease up, so another replica need not wait for it to lapse; false when it was not ours any more. */
    public boolean release(Observed held) throws ApplyException {
        Lease lease = lease(held.resourceVersion(), null, held.durationSeconds(), held.acquired(), held.transitions());
        try {
            client.leases().inNamespace(namespace).resource(lease).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw failure("release", e);
        }
    }

    /** The Lease to send: ours, renewed now; {@code resourceVersion} null for a create, {@code holder} null to free it. */
    private Lease lease(String resourceVersion, String holder, int durationSeconds, ZonedDateTime acquired,
            int transitions) {
        return new LeaseBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withResourceVersion(resourceVersion)
                .addToLabels(ConfigMapStore.MANAGED_BY_LABEL, ConfigMapStore.MANAGED_BY)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds(durationSeconds)
                .withAcquireTime(acquired)
                .withRenewTime(now())
                .withLeaseTransitions(transitions)
                .endSpec()
                .build();
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static Observed observed(Lease lease) {
        var spec = lease.getSpec();
        return new Observed(spec == null ? null : spec.getHolderIdentity(),
                spec == null ? 0 : Objects.requireNonNullElse(spec.getLeaseDurationSeconds(), 0),
                lease.getMetadata().getResourceVersion(),
                spec == null ? 0 : Objects.requireNonNullElse(spec.getLeaseTransitions(), 0),
                spec == null ? null : spec.getAcquireTime());
    }

    private ApplyException failure(String verb, KubernetesClientException e) {
        String hint = switch (e.getCode()) {
            case 403 -> ": the ServiceAccount needs get and update on this Lease and create on leases "
                    + "(coordination.k8s.io), or set CONFIGMAP_LEASE=false to let every replica write the ConfigMap";
            case 404 -> ": namespace " + namespace + " does not exist";
            default -> "";
        };
        return new ApplyException("cannot " + verb + " Lease " + describe() + " (" + ConfigMapStore.status(e) + ")"
                + hint, e);
    }
}
