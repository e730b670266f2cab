package routes.discovery.kubernetes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas, one Lease on fabric8's CRUD mock: one leads; when it closes, the other takes over. */
@EnableKubernetesMockClient(crud = true)
class LeaseLeadershipTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "tools";
    private final List<LeaseLeadership> started = new CopyOnWriteArrayList<>();

    private LeaseLeadership replica(String identity) {
        LeaseLeadership l = new LeaseLeadership(client, NS, "caravan-status", identity, Duration.ofSeconds(1),
                Duration.ofMillis(800), Duration.ofMillis(200));
        started.add(l);
        return l;
    }

    @AfterEach
    void stop() {
        started.forEach(LeaseLeadership::close);
        client.leases().inNamespace(NS).delete();
    }

    private String holder() {
        Lease lease = client.leases().inNamespace(NS).withName("caravan-status").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void exactlyOneLeadsAndTheOtherTakesOverWhenItCloses() {
        LeaseLeadership a = replica("pod-a");
        LeaseLeadership b = replica("pod-b");
        List<String> events = new CopyOnWriteArrayList<>();
        a.addListener(leading -> events.add("a:" + leading));
        b.addListener(leading -> events.add("b:" + leading));
        // one after the other: the CRUD mock's create is not atomic (two racing POSTs were both
        // answered 201 once), where a real API server answers the second with 409
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.leases().inNamespace(NS).withName("caravan-status").get() != null);
        b.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> a.isLeader() || b.isLeader());
        assertNeverDuring(Duration.ofSeconds(3), () -> a.isLeader() && b.isLeader(), "two leaders at once");
        LeaseLeadership leader = a.isLeader() ? a : b;
        LeaseLeadership follower = leader == a ? b : a;
        assertTrue(leader.isLeader() && !follower.isLeader());
        assertEquals(leader.identity(), holder(), "the Lease names the leader");

        leader.close();
        assertFalse(leader.isLeader(), "a closed replica stops leading at once");
        await().atMost(Duration.ofSeconds(5)).until(follower::isLeader);
        assertTrue(follower.getAsBoolean());
        await().atMost(Duration.ofSeconds(5)).until(() -> follower.identity().equals(holder()));
        String l = leader == a ? "a" : "b";
        String f = leader == a ? "b" : "a";
        assertTrue(events.containsAll(List.of(l + ":true", l + ":false", f + ":true")), events.toString());
    }

    @Test
    void aLoneReplicaLeadsAndALaterOneWaits() {
        LeaseLeadership a = replica("pod-a");
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        LeaseLeadership b = replica("pod-b");
        b.start();
        assertNeverDuring(Duration.ofSeconds(3), b::isLeader, "the Lease is renewed: the newcomer must not take it");
        assertTrue(a.isLeader());
    }

    @Test
    void aReplicaThatLostTheLeaseStandsAgain() {
        LeaseLeadership a = replica("pod-a");
        a.start();
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);

        // another holder takes the Lease (as after a partition) and then never renews it
        Lease lease = client.leases().inNamespace(NS).withName("caravan-status").get();
        lease.getSpec().setHolderIdentity("pod-gone");
        lease.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(2));
        client.leases().inNamespace(NS).resource(lease).update();

        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isLeader());
        await("fabric8's elector ends on loss; a new one must stand").atMost(Duration.ofSeconds(10)).until(a::isLeader);
        assertEquals("pod-a", holder());
    }

    /** Samples the condition every 20 ms for the whole period (several lease periods): it must never hold. */
    private static void assertNeverDuring(Duration period, java.util.function.BooleanSupplier bad, String message) {
        long until = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < until) {
            assertFalse(bad.getAsBoolean(), message);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void theDefaultIdentityIsThePodNameWithASuffix() {
        String one = LeaseLeadership.defaultIdentity();
        String two = LeaseLeadership.defaultIdentity();
        String host = System.getenv("HOSTNAME");
        assertTrue(one.startsWith((host == null || host.isBlank() ? "caravan" : host) + "-"), one);
        assertFalse(one.equals(two), "a restarted pod stands as a new candidate");
    }
}
