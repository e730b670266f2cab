package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Safe by default: a gateway without incoming auth (anonymous, no API keys) lets anyone who reaches
 * its port call tools with the credentials it injects into backend requests, so it listens on
 * 127.0.0.1 only, whatever host was asked for, unless {@code caravan.server.allow-anonymous-remote}
 * (env CARAVAN_SERVER_ALLOW_ANONYMOUS_REMOTE) is true; then it binds as asked and says so with a
 * warning at start. Applied before the HTTP server starts (camel-main has made it, not bound it).
 */
final class BindAddress {

    private static final Logger LOG = LoggerFactory.getLogger(BindAddress.class);
    static final String LOOPBACK = "127.0.0.1";

    private BindAddress() {
    }

    static void apply(CamelContext camel, boolean anonymous, boolean allowAnonymousRemote) {
        MainHttpServer server = camel.hasService(MainHttpServer.class);
        if (server == null || !anonymous) {
            return;
        }
        String host = server.getHost();
        if (isLoopback(host)) {
            return;
        }
        if (allowAnonymousRemote) {
            LOG.warn("The MCP port listens on {} with no client authentication (incomingAuth is anonymous and"
                    + " caravan.server.allow-anonymous-remote=true): anyone who reaches it can call every tool with the"
                    + " credentials the gateway adds for backends. Configure incomingAuth (oidc or apiKeys) unless a"
                    + " network policy or a proxy in front authenticates callers", host);
            return;
        }
        server.setHost(LOOPBACK);
        LOG.warn("The MCP port listens on {} instead of {}: no incomingAuth is configured (anonymous), and an open"
                + " gateway is reachable from this machine only. Configure incomingAuth (oidc or apiKeys), or set"
                + " caravan.server.allow-anonymous-remote=true (env CARAVAN_SERVER_ALLOW_ANONYMOUS_REMOTE) to accept"
                + " anonymous callers from the network", LOOPBACK, host);
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false; // an unset host binds every interface
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
