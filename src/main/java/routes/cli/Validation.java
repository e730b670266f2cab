package routes.cli;

import routes.config.BackendConfig;
import routes.config.ConfigException;
import routes.config.ConfigLoader;
import routes.config.GatewayConfig;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code validate --config=FILE}, and the same check before {@code serve} starts anything. */
public final class Validation {

    private Validation() {
    }

    /**
     * Loads the file and prints every problem to {@code err}, or a one-line summary to {@code out}.
     *
     * @return the exit code: 0 valid, 1 not
     */
    public static int run(String file, PrintStream out, PrintStream err) {
        try {
            GatewayConfig config = ConfigLoader.load(Path.of(file));
            out.println(summary(config));
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    static String summary(GatewayConfig c) {
        String backends = c.staticMode()
                ? c.backends().size() + " backend(s) " + c.backends().stream().map(BackendConfig::name).toList()
                : "backends discovered from group '" + c.groupRef() + "'";
        return "config " + c.source() + " is valid: virtual server '" + c.name() + "', " + backends
                + ", conflict resolution " + c.aggregation().conflictResolution().wireName();
    }
}
