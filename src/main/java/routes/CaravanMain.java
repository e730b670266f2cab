package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PackageScanResourceResolver;
import routes.cli.CommandLine;
import routes.cli.ConfigCheck;
import routes.cli.DebugLogging;
import routes.cli.Invocation;
import routes.config.GatewayConfig;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Starts the gateway. With ToolHive's command line ({@code serve --config=... --host=... --port=...},
 * {@code validate}, {@code version}) it behaves as the vMCP binary the operator expects; with no
 * argument (or camel-main's own options) it is camel-main, which runs the demo unless
 * {@code caravan.config} is set.
 */
public final class CaravanMain {

    public static final String VERSION = "0.1.0";

    private CaravanMain() {
    }

    public static void main(String[] args) throws Exception {
        int code = run(List.of(args), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command; returns the exit code (serve returns when the gateway stops). */
    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Invocation inv = CommandLine.parse(args);
        switch (inv.command()) {
            case HELP -> {
                out.print(CommandLine.USAGE);
                return 0;
            }
            case USAGE_ERROR -> {
                err.println("caravan: " + inv.error());
                err.print(CommandLine.USAGE);
                return 2;
            }
            case VERSION -> {
                out.println("caravan version: " + VERSION);
                return 0;
            }
            case VALIDATE -> {
                GatewayConfig config = ConfigCheck.load(inv.configFile(), err);
                if (config == null) {
                    return 1;
                }
                out.println(ConfigCheck.summary(config));
                return 0;
            }
            case SERVE -> {
                return serve(inv, err, inv.properties(), new String[0]);
            }
            default -> {
                String file = System.getProperty("caravan.config", System.getenv().getOrDefault("CARAVAN_CONFIG", ""));
                Invocation asServe = new Invocation(Invocation.Command.SERVE, file.isBlank() ? null : file.trim(),
                        Map.of(), false, List.of(), null);
                return serve(asServe, err, Map.of(), inv.camelArgs().toArray(String[]::new));
            }
        }
    }

    /** Checks the config file first (a bad one ends here, exit 1), then runs camel-main until it stops. */
    private static int serve(Invocation inv, PrintStream err, Map<String, String> overrides, String[] camelArgs) throws Exception {
        if (inv.debug()) {
            DebugLogging.enable();
        }
        if (inv.configFile() != null) {
            GatewayConfig config = ConfigCheck.load(inv.configFile(), err);
            if (config == null) {
                return 1;
            }
            if ("debug".equals(config.operational().logLevel())) {
                DebugLogging.enable();
            }
        }
        Main main = create();
        overrides.forEach(main::addOverrideProperty);
        return main.run(camelArgs);
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
        return main;
    }
}
