package io.github.nginxmodelsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nginxmodelsync.config.SyncConfig;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Lease settings are checked when the sidecar starts, and every replica has a name of its own in the Lease. */
class WriterElectionTest {

    @Test
    void aLeaseShorterThanThreeSecondsStopsTheSidecarWithItsMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WriterElection(config(true, Duration.ofMillis(2500), ""), null));

        assertEquals("LEASE_DURATION must be at least 3s (whole seconds), got 2500ms", e.getMessage());
    }

    @Test
    void aShortLeaseDoesNotMatterWhenTheLeaseIsOff() {
        new WriterElection(config(false, Duration.ofSeconds(1), ""), null);
    }

    @Test
    void theNameInTheLeaseIsPodNameElseOneMadeUpForThisProcess() {
        assertEquals("nginx-5f7d-x2x9z", WriterElection.identity(config(true, Duration.ofSeconds(30), "nginx-5f7d-x2x9z")));

        String one = WriterElection.identity(config(true, Duration.ofSeconds(30), ""));
        String other = WriterElection.identity(config(true, Duration.ofSeconds(30), " "));
        assertTrue(one.startsWith("nginx-model-sync-"), one);
        assertNotEquals(one, other, "two replicas without POD_NAME must not share a name");
    }

    private static SyncConfig config(boolean lease, Duration duration, String podName) {
        Map<String, Object> values = Map.of("configmapLease", lease, "leaseDuration", duration,
                "podName", Optional.of(podName));
        return (SyncConfig) Proxy.newProxyInstance(SyncConfig.class.getClassLoader(), new Class<?>[] {SyncConfig.class},
                (proxy, method, args) -> {
                    if (!values.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return values.get(method.getName());
                });
    }
}
