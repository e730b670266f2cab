package routes;

import org.apache.camel.CamelContext;
import routes.discovery.StaticDiscovery;
import routes.mcp.McpSession;
import routes.ui.ManagementStatusPage;
import routes.ui.SessionView;
import routes.ui.StatusPage;
import routes.ui.StatusSources;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The status page (status-page, status-page-public): its sources, read from the state owners, and
 * its place on the management server. Bound after discovery, whose config in force it shows.
 */
final class UiBeans {

    private UiBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, CaravanProperties p) throws Exception {
        StaticDiscovery discovery = camel.getRegistry().lookupByNameAndType("staticDiscovery", StaticDiscovery.class);
        StatusSources sources = new StatusSources(p.text("caravan.server.name", "caravan"), CaravanMain.VERSION, s.health(),
                s.registry(), s.catalog(), s.configStatus(), () -> discovery == null ? Map.of() : discovery.rejected(),
                () -> sessions(s), Clock.systemUTC());
        camel.getRegistry().bind("statusPage", new StatusPage(sources));
        camel.addStartupListener(new ManagementStatusPage("direct:status-page"));
    }

    /** Newest first, as the page lists them. */
    private static List<SessionView> sessions(GatewayState s) {
        return s.sessions().all().stream().sorted(Comparator.comparingLong(McpSession::createdMillis).reversed())
                .map(m -> new SessionView(m.id(), Instant.ofEpochMilli(m.createdMillis()), Instant.ofEpochMilli(m.lastSeenMillis()),
                        s.client().backendsOf(m.id())))
                .toList();
    }
}
