package routes.gateway;

import org.junit.jupiter.api.Test;
import routes.testing.GatewayHarness;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Safe by default: a gateway started with no incoming auth and asked to listen on every interface
 * listens on loopback only, unless caravan.server.allow-anonymous-remote says otherwise.
 */
class AnonymousBindTest {

    @Test
    void anAnonymousGatewayIsNotReachableFromTheNetwork() throws Exception {
        String address = nonLoopbackAddress();
        assumeTrue(address != null, "this machine has no non-loopback address");
        try (GatewayHarness gw = GatewayHarness.start(null, Map.of("camel.server.host", "0.0.0.0"))) {
            int port = URI.create(gw.baseUrl()).getPort();
            assertTrue(reachable("127.0.0.1", port), "loopback still works (the demo command on localhost)");
            assertFalse(reachable(address, port), "an anonymous gateway answered on " + address);
        }
    }

    @Test
    void theExplicitSettingBindsAsAsked() throws Exception {
        String address = nonLoopbackAddress();
        assumeTrue(address != null, "this machine has no non-loopback address");
        try (GatewayHarness gw = GatewayHarness.start(null, Map.of("camel.server.host", "0.0.0.0",
                "caravan.server.allow-anonymous-remote", "true"))) {
            assertTrue(reachable(address, URI.create(gw.baseUrl()).getPort()));
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An IPv4 address of this machine that is not loopback, or null. */
    static String nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        return null;
    }
}
