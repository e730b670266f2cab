package routes.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code --debug}: Caravan's own loggers ({@code routes.*}) at DEBUG for the whole run; Camel's and
 * Vert.x's debug output would bury them. The config's {@code operational.logLevel: debug} does the
 * same while it is in force (routes.discovery.OperationalLogLevel), and leaves this one alone.
 */
public final class LogLevels {

    private static final String OWN = "routes";

    private LogLevels() {
    }

    /** {@code --debug}: DEBUG from now on, whatever the config says. */
    public static void debugFromCommandLine() {
        Configurator.setLevel(OWN, Level.DEBUG);
    }
}
