package routes.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.vertx.core.Vertx;
import org.apache.camel.component.kubernetes.AbstractKubernetesEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.lang.reflect.Field;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A gateway without Kubernetes discovery still creates (never starts) the watch routes, and each
 * endpoint would build a fabric8 client with a Vert.x instance, event loops and a timer of its own.
 * They share the gateway's one client instead, which runs on the gateway's own Vert.x.
 */
class KubernetesClientSharingTest {

    private FixtureBackend backend;
    private GatewayHarness gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void theWatchRoutesShareOneClientOnTheGatewaysVertx() throws Exception {
        backend = FixtureBackend.builder("echo").tools("echo").start();
        gateway = GatewayHarness.start("""
                name: static
                backends:
                  - {name: echo, url: %s, transport: streamable-http}
                """.formatted(backend.url()));
        KubernetesClient shared = gateway.camel().getRegistry().lookupByNameAndType("kubernetesClient", KubernetesClient.class);
        assertNotNull(shared, "one client is bound even with discovery off");
        for (String kind : List.of("mcpserverentries", "mcpservers", "mcpremoteproxies", "mcpexternalauthconfigs")) {
            AbstractKubernetesEndpoint endpoint = (AbstractKubernetesEndpoint) gateway.camel()
                    .getRoute("discovery-kubernetes-watch-" + kind).getEndpoint();
            assertSame(shared, endpoint.getKubernetesClient(), kind + "'s endpoint uses the shared client");
        }
        HttpClient http = shared.adapt(BaseClient.class).getHttpClient();
        Field vertx = http.getClass().getDeclaredField("vertx");
        vertx.setAccessible(true);
        assertSame(gateway.camel().getRegistry().lookupByNameAndType("vertx", Vertx.class), vertx.get(http),
                "the client runs on the gateway's Vert.x, not one of its own");
    }
}
