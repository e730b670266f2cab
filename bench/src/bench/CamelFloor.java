package bench;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * A floor the gateway is measured against: Camel's own minimal proxy, one platform-http route
 * that hands each request to camel-http and its answer back, with nothing of the gateway (no MCP
 * parsing, sessions, auth, metrics or headers pipeline). Camel's defaults, except stream caching,
 * which the gateway turns off too. Started by {@link SideBySide} from the gateway's jar:
 * {@code java -cp <bench classes>:<jar> bench.CamelFloor PORT TARGET_URL}.
 */
public final class CamelFloor {

    private CamelFloor() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String target = args[1];
        Main main = new Main();
        // nothing of the gateway's own configuration (its application.properties is in the jar too)
        main.setDefaultPropertyPlaceholderLocation("false");
        main.addInitialProperty("camel.main.routes-include-pattern", "false");
        main.addInitialProperty("camel.main.stream-caching-enabled", "false");
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", "127.0.0.1");
        main.addInitialProperty("camel.server.port", Integer.toString(port));
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/mcp?httpMethodRestrict=POST,DELETE").routeId("camel-floor")
                        // the request's own path and URI would be appended to the target's
                        .removeHeader("CamelHttpPath").removeHeader("CamelHttpUri")
                        .to(target + "?bridgeEndpoint=true&throwExceptionOnFailure=false");
            }
        });
        main.run();
    }
}
