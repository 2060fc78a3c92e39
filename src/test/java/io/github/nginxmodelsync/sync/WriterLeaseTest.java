package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.apply.LeaseStore.Observed;
import io.github.nginxmodelsync.sync.WriterLease.Claim;
import io.github.nginxmodelsync.sync.WriterLease.Step;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who records the ConfigMap, decided from what one replica has seen of the Lease, with the clock passed in. */
class WriterLeaseTest {

    private static final long S = 1_000_000_000L;
    private final WriterLease lease = new WriterLease("pod-a", Duration.ofSeconds(30));

    @Test
    void aReplicaThatKnowsNothingReadsTheLeaseAndCreatesItWhenThereIsNone() {
        assertEquals(Step.READ, lease.beforeWrite(0));
        assertEquals(Claim.CREATE, lease.decide(Optional.empty(), 0));
    }

    @Test
    void theHolderWritesWithoutAskingUntilTwoThirdsOfTheDurationPassWithoutARenewal() {
        lease.claimed(held("pod-a", "1"), 0);

        assertEquals(Step.WRITE, lease.beforeWrite(19 * S));
        assertEquals(Step.READ, lease.beforeWrite(20 * S), "a claim this old is checked before a write");
        assertEquals(Claim.RENEW, lease.decide(Optional.of(held("pod-a", "1")), 20 * S));
    }

    @Test
    void theHolderRenewsEveryThirdOfTheDuration() {
        assertFalse(lease.renewDue(100 * S), "nothing to renew before a claim");
        lease.claimed(held("pod-a", "1"), 0);

        assertFalse(lease.renewDue(9 * S));
        assertTrue(lease.renewDue(10 * S));
        lease.claimed(held("pod-a", "2"), 10 * S);
        assertFalse(lease.renewDue(19 * S));
    }

    @Test
    void anotherHoldersFreshClaimIsFollowedWithoutAskingAgainForItsDuration() {
        assertEquals(Claim.FOLLOW, lease.decide(Optional.of(held("pod-b", "7")), 0));

        assertEquals(Optional.of("pod-b"), lease.otherHolder());
        assertEquals(Step.FOLLOW, lease.beforeWrite(29 * S));
        assertEquals(Step.READ, lease.beforeWrite(30 * S));
    }

    @Test
    void aClaimUnchangedForItsDurationByThisReplicasClockIsTakenOver() {
        lease.decide(Optional.of(held("pod-b", "7")), 0);

        assertEquals(Claim.FOLLOW, lease.decide(Optional.of(held("pod-b", "7")), 29 * S));
        assertEquals(Claim.TAKE_OVER, lease.decide(Optional.of(held("pod-b", "7")), 30 * S));
    }

    @Test
    void aRenewedClaimStartsTheWaitAgain() {
        lease.decide(Optional.of(held("pod-b", "7")), 0);

        assertEquals(Claim.FOLLOW, lease.decide(Optional.of(held("pod-b", "8")), 30 * S), "pod-b renewed meanwhile");
        assertEquals(Claim.FOLLOW, lease.decide(Optional.of(held("pod-b", "8")), 59 * S));
        assertEquals(Claim.TAKE_OVER, lease.decide(Optional.of(held("pod-b", "8")), 60 * S));
    }

    @Test
    void theHoldersOwnDurationDecidesHowLongItsClaimLasts() {
        Observed shortClaim = new Observed("pod-b", 5, "7", 0, null);
        lease.decide(Optional.of(shortClaim), 0);

        assertEquals(Step.READ, lease.beforeWrite(5 * S));
        assertEquals(Claim.TAKE_OVER, lease.decide(Optional.of(shortClaim), 5 * S));
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() {
        lease.decide(Optional.of(held("pod-b", "7")), 0);

        assertEquals(Claim.TAKE_OVER, lease.decide(Optional.of(new Observed("", 30, "8", 1, null)), 1 * S));
        assertEquals(Claim.TAKE_OVER, lease.decide(Optional.of(new Observed(null, 30, "9", 1, null)), 1 * S));
    }

    @Test
    void aLeaseHeldUnderThisReplicasNameIsRenewedAfterARestartOfTheSidecar() {
        assertEquals(Claim.RENEW, lease.decide(Optional.of(held("pod-a", "3")), 0));
    }

    @Test
    void aHolderThatFindsAnotherHolderStopsWriting() {
        lease.claimed(held("pod-a", "1"), 0);

        assertEquals(Claim.FOLLOW, lease.decide(Optional.of(held("pod-b", "2")), 25 * S));
        assertEquals(Step.FOLLOW, lease.beforeWrite(26 * S));
        assertFalse(lease.renewDue(26 * S));
        assertTrue(lease.held().isEmpty());
    }

    @Test
    void aLostClaimIsReadAgainBeforeTheNextWrite() {
        lease.claimed(held("pod-a", "1"), 0);

        lease.lost();

        assertEquals(Step.READ, lease.beforeWrite(1 * S));
        assertTrue(lease.held().isEmpty());
        assertTrue(lease.otherHolder().isEmpty());
    }

    private static Observed held(String holder, String version) {
        return new Observed(holder, 30, version, 0, null);
    }
}
