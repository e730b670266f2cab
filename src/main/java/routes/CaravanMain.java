package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PackageScanResourceResolver;
import routes.cli.CommandLine;
import routes.cli.CommandLine.CamelMain;
import routes.cli.CommandLine.Help;
import routes.cli.CommandLine.Serve;
import routes.cli.CommandLine.Validate;
import routes.cli.CommandLine.Version;
import routes.cli.LogLevels;
import routes.cli.Validation;
import routes.overrides.RouteOverrides;

import java.util.Map;

/**
 * Starts the gateway: ToolHive vmcp's command line ({@code serve}, {@code validate},
 * {@code version}), else camel-main as before (the demo when no config is set). A config file that
 * cannot be used stops the start before anything runs: its problems, then exit 1.
 */
public final class CaravanMain {

    public static final String VERSION = "0.1.0";

    private CaravanMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine.Command command;
        try {
            command = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            System.err.println("caravan: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        if (command instanceof Version) {
            System.out.println("caravan version " + VERSION + " (a drop-in for ToolHive's vmcp)");
        } else if (command instanceof Help) {
            System.out.println(CommandLine.USAGE);
        } else if (command instanceof Validate v) {
            System.exit(Validation.run(v.configFile(), System.out, System.err));
        } else if (command instanceof Serve s) {
            serve(s);
        } else if (command instanceof CamelMain c) {
            // the older ways to name a config (-Dcaravan.config, CARAVAN_CONFIG) get the same check
            String config = System.getProperty("caravan.config", System.getenv().getOrDefault("CARAVAN_CONFIG", ""));
            checkOrExit(config.trim());
            runOrExit(create(), c.args());
        }
    }

    private static void serve(Serve s) throws Exception {
        if (s.debug()) {
            LogLevels.debugFromCommandLine();
        }
        checkOrExit(s.configFile());
        portFreeOrExit(s.properties().get("camel.server.host"), s.properties().get("camel.server.port"));
        Main main = create();
        for (Map.Entry<String, String> p : s.properties().entrySet()) {
            main.addOverrideProperty(p.getKey(), p.getValue());
        }
        runOrExit(main, new String[0]);
    }

    /**
     * A gateway that cannot start (the port taken, the Kubernetes API unreachable in dynamic mode)
     * says why in one line and exits 1; the stack trace is for --debug.
     */
    private static void runOrExit(Main main, String[] args) {
        try {
            main.run(args);
        } catch (Exception e) {
            System.err.println("caravan: could not start: " + describe(e));
            org.slf4j.LoggerFactory.getLogger(CaravanMain.class).debug("Start failed", e);
            System.exit(1);
        }
    }

    /** The first message that says something, and the root cause when it says more. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // Camel's wrappers ("Failed to start route ...") name where; our own exceptions and the root say why
        Throwable told = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        String top = told.getMessage() == null ? told.getClass().getSimpleName() : told.getMessage();
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == told || top.contains(why) ? top : top + ": " + why;
    }

    /** A config that cannot be used: its problems on stderr and exit 1, before Camel starts (no stack trace). */
    private static void checkOrExit(String configFile) {
        if (!configFile.isEmpty() && Validation.run(configFile, nowhere(), System.err) != 0) {
            System.exit(1);
        }
    }

    /**
     * The MCP port must be free before Camel starts: Vert.x reports a failed bind only in its own log
     * and the gateway would run without its endpoint.
     */
    private static void portFreeOrExit(String host, String port) {
        if (host == null || port == null || port.equals("0")) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, Integer.parseInt(port)));
        } catch (java.io.IOException e) {
            System.err.println("caravan: could not start: cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); is another process using the port? Choose another with --port");
            System.exit(1);
        }
    }

    private static java.io.PrintStream nowhere() {
        return new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    }

    /** camel-main set up as the gateway runs: our configuration, and routes found quickly in the jar. */
    public static Main create() {
        // no package scan: the demo backends are added only in demo mode (see CaravanConfiguration)
        Main main = new Main() {
            @Override
            protected CamelContext createCamelContext() {
                CamelContext camel = super.createCamelContext();
                camel.getCamelContextExtension().addContextPlugin(PackageScanResourceResolver.class, new JarEntryScan());
                return camel;
            }
        };
        main.configure().addConfiguration(CaravanConfiguration.class);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                // the built-in routes are loaded and none runs yet: the override folder's replace and add to them
                RouteOverrides overrides = configured.getCamelContext().getRegistry()
                        .lookupByNameAndType("routeOverrides", RouteOverrides.class);
                if (overrides != null) {
                    overrides.start();
                }
            }
        });
        return main;
    }
}
