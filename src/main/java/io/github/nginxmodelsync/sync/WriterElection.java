package io.github.nginxmodelsync.sync;

import io.github.nginxmodelsync.apply.ApplyException;
import io.github.nginxmodelsync.apply.LeaseStore;
import io.github.nginxmodelsync.apply.LeaseStore.Observed;
import io.github.nginxmodelsync.config.Durations;
import io.github.nginxmodelsync.config.SyncConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Which replica records the ConfigMap, when several pods run the sidecar (CONFIGMAP_LEASE). The one that holds the
 * Lease writes; the others leave the ConfigMap alone, so a change costs one write and two versions with different
 * templates during a rolling update cannot overwrite each other. The holder renews on a timer of its own, so a slow
 * pass does not lose the Lease, and gives it up when it shuts down.
 */
@Singleton
public class WriterElection {

    private static final Logger LOG = Logger.getLogger(WriterElection.class);

    private final SyncConfig config;
    private final Instance<LeaseStore> leases;
    private final WriterLease lease;
    private ScheduledExecutorService renewer;
    private String lastProblem;

    /** Whether this replica may write the ConfigMap now, and if not, which replica does. */
    public record Verdict(boolean writer, String holder) {
    }

    WriterElection(SyncConfig config, Instance<LeaseStore> leases) {
        this.config = config;
        this.leases = leases;
        if (config.configmapLease() && config.leaseDuration().toSeconds() < 3) {
            throw new IllegalArgumentException("LEASE_DURATION must be at least 3s (whole seconds), got "
                    + Durations.human(config.leaseDuration()));
        }
        this.lease = new WriterLease(identity(config), config.leaseDuration());
    }

    /** POD_NAME (the pod's name, HOSTNAME by default), else a name made up for this process. */
    static String identity(SyncConfig config) {
        return config.podName().filter(name -> !name.isBlank())
                .orElseGet(() -> "nginx-model-sync-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Asks the Lease only when what this replica knows is not enough: at most once per duration while following. */
    public synchronized Verdict check() throws ApplyException {
        long now = System.nanoTime();
        switch (lease.beforeWrite(now)) {
            case WRITE -> {
                return new Verdict(true, lease.identity());
            }
            case FOLLOW -> {
                return new Verdict(false, lease.otherHolder().orElseThrow());
            }
            case READ -> {
                LeaseStore store = leases.get();
                Optional<Observed> current = store.read();
                WriterLease.Claim claim = lease.decide(current, now);
                if (claim == WriterLease.Claim.FOLLOW) {
                    return new Verdict(false, lease.otherHolder().orElseThrow());
                }
                if (claim(store, current, claim)) {
                    return new Verdict(true, lease.identity());
                }
                // Another replica claimed it between our read and our write: it is the writer.
                Optional<Observed> winner = store.read();
                lease.decide(winner, System.nanoTime());
                return new Verdict(false, winner.filter(observed -> !observed.free()).map(Observed::holder)
                        .orElse("another replica"));
            }
            default -> throw new IllegalStateException();
        }
    }

    private boolean claim(LeaseStore store, Optional<Observed> current, WriterLease.Claim claim) throws ApplyException {
        long sent = System.nanoTime();
        Optional<Observed> written = store.claim(current, lease.identity(), config.leaseDuration());
        if (written.isEmpty()) {
            lease.lost();
            return false;
        }
        lease.claimed(written.get(), sent);
        if (claim != WriterLease.Claim.RENEW) {
            LOG.infof("this replica (%s) now records ConfigMap %s: it holds Lease %s%s", lease.identity(),
                    store.describe(), store.describe(), current.map(Observed::holder)
                            .filter(holder -> !holder.isBlank()).map(holder -> ", taken over from " + holder).orElse(""));
        }
        startRenewing();
        return true;
    }

    private void startRenewing() {
        if (renewer == null) {
            renewer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("nginx-model-sync-lease").daemon().factory());
            long period = Math.max(1, config.leaseDuration().toMillis() / 6);
            renewer.scheduleWithFixedDelay(this::renewIfDue, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Keeps the claim fresh between passes; a failure is retried on the next tick, a lost Lease is let go. */
    synchronized void renewIfDue() {
        long now = System.nanoTime();
        Optional<Observed> held = lease.held();
        if (held.isEmpty() || !lease.renewDue(now)) {
            return;
        }
        try {
            Optional<Observed> written = leases.get().claim(held, lease.identity(), config.leaseDuration());
            if (written.isPresent()) {
                lease.claimed(written.get(), now);
                lastProblem = null;
            } else {
                lease.lost();
                LOG.infof("this replica (%s) no longer records the ConfigMap: another replica holds Lease %s",
                        lease.identity(), leases.get().describe());
            }
        } catch (ApplyException | RuntimeException e) {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                LOG.warnf("cannot renew the Lease, will retry: %s", problem);
                lastProblem = problem;
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Optional<Observed> held;
        synchronized (this) {
            if (renewer != null) {
                renewer.shutdownNow();
            }
            held = lease.held();
            lease.lost();
        }
        if (held.isPresent()) {
            try {
                if (leases.get().release(held.get())) {
                    LOG.infof("released Lease %s: another replica records the ConfigMap from now on",
                            leases.get().describe());
                }
            } catch (ApplyException | RuntimeException e) {
                LOG.warnf("cannot release the Lease; another replica takes over once it lapses: %s", e.getMessage());
            }
        }
    }
}
