package io.github.nginxmodelsync.sync;

import io.github.nginxmodelsync.apply.LeaseStore.Observed;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides, from what this replica has seen of the Lease, whether it may record the ConfigMap. Pure: times are
 * {@link System#nanoTime()} values passed in, and the caller does the reading and claiming.
 *
 * <p>Another replica's claim is judged by this replica's own clock, never by the holder's timestamps: a claim has
 * lapsed when the Lease has not changed for its duration since this replica first saw that version. Clocks that
 * disagree between nodes cannot make two writers.
 *
 * <p>The holder keeps its claim by renewing every third of the duration, and stops writing once two thirds have
 * passed without a renewal, well before another replica may take over.
 */
final class WriterLease {

    /** What to do before a ConfigMap write. */
    enum Step {
        /** This replica holds the Lease: write. */
        WRITE,
        /** Another replica holds it and its claim is fresh: leave the ConfigMap to it, no request needed. */
        FOLLOW,
        /** Read the Lease and pass it to {@link #decide}. */
        READ
    }

    /** What to send after a read. */
    enum Claim {
        /** No Lease yet: create it. */
        CREATE,
        /** It is ours: renew it. */
        RENEW,
        /** Free, or its holder stopped renewing: claim it. */
        TAKE_OVER,
        /** Another replica holds it: send nothing. */
        FOLLOW
    }

    private final String identity;
    private final long durationNanos;

    /** The Lease as this replica last wrote it, while it holds it, and when that claim was sent. */
    private Observed held;
    private long claimedAt;
    /** Another holder's Lease as this replica saw it, and when it first saw that version. */
    private Observed seen;
    private long seenAt;

    WriterLease(String identity, Duration duration) {
        this.identity = identity;
        this.durationNanos = duration.toNanos();
    }

    String identity() {
        return identity;
    }

    Step beforeWrite(long now) {
        if (held != null) {
            return now - claimedAt < durationNanos * 2 / 3 ? Step.WRITE : Step.READ;
        }
        if (seen != null && now - seenAt < claimNanos(seen)) {
            return Step.FOLLOW;
        }
        return Step.READ;
    }

    /** What the Lease just read means for this replica. */
    Claim decide(Optional<Observed> lease, long now) {
        if (lease.isEmpty()) {
            forgetOther();
            return Claim.CREATE;
        }
        Observed observed = lease.get();
        if (identity.equals(observed.holder())) {
            // Ours: renewed by this process, or held by this pod before the sidecar restarted.
            forgetOther();
            return Claim.RENEW;
        }
        held = null;
        if (observed.free()) {
            forgetOther();
            return Claim.TAKE_OVER;
        }
        if (seen == null || !observed.resourceVersion().equals(seen.resourceVersion())) {
            seen = observed;
            seenAt = now;
            return Claim.FOLLOW;
        }
        if (now - seenAt >= claimNanos(seen)) {
            forgetOther();
            return Claim.TAKE_OVER;
        }
        return Claim.FOLLOW;
    }

    /** A claim sent at {@code sentAt} succeeded: this replica holds the Lease as written. */
    void claimed(Observed written, long sentAt) {
        claimedAt = sentAt;
        held = written;
        forgetOther();
    }

    /** Another replica changed the Lease first, or it was released: read it again before the next write. */
    void lost() {
        held = null;
        forgetOther();
    }

    /** A third of the duration has passed since the last claim: time to renew. */
    boolean renewDue(long now) {
        return held != null && now - claimedAt >= durationNanos / 3;
    }

    /** The Lease as this replica last wrote it, while it holds it. */
    Optional<Observed> held() {
        return Optional.ofNullable(held);
    }

    /** The other replica that records the ConfigMap, as last seen; empty while this one does or nobody is known. */
    Optional<String> otherHolder() {
        return held == null && seen != null ? Optional.of(seen.holder()) : Optional.empty();
    }

    /** How long another holder's claim lasts: its own duration, else ours. */
    private long claimNanos(Observed lease) {
        return lease.durationSeconds() > 0 ? Duration.ofSeconds(lease.durationSeconds()).toNanos() : durationNanos;
    }

    private void forgetOther() {
        seen = null;
    }
}
