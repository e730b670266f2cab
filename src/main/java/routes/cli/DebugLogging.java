package routes.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * ToolHive's {@code --debug} and {@code operational.logLevel: debug}: Caravan's own loggers (the
 * {@code routes} packages) at DEBUG. Camel's and Vert.x's stay at their level: at DEBUG they log
 * every exchange, which drowns what an operator is looking for.
 */
public final class DebugLogging {

    private DebugLogging() {
    }

    public static void enable() {
        Configurator.setLevel("routes", Level.DEBUG);
    }
}
