package routes.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Caravan's own log level: DEBUG when the command line says {@code --debug} (it wins) or the config
 * says {@code operational.logLevel: debug}, else INFO. Only Caravan's loggers ({@code routes.*}):
 * Camel's and Vert.x's debug output would bury them. A config change applies at once.
 */
public final class LogLevels {

    private static final String OWN = "routes";
    private static volatile boolean commandLineDebug;

    private LogLevels() {
    }

    /** {@code --debug}: DEBUG from now on, whatever the config says. */
    public static void debugFromCommandLine() {
        commandLineDebug = true;
        Configurator.setLevel(OWN, Level.DEBUG);
    }

    /** The config's {@code operational.logLevel} ("debug" or empty). */
    public static void followConfig(String logLevel) {
        boolean debug = commandLineDebug || "debug".equals(logLevel);
        Configurator.setLevel(OWN, debug ? Level.DEBUG : Level.INFO);
    }
}
