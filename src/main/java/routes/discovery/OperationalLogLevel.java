package routes.discovery;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Applies {@code operational.logLevel}: {@code debug} turns on debug logging of Caravan's own
 * classes (ToolHive's operator passes {@code --debug} for it; a config written by hand says it
 * here). A later config without it puts back what there was before, so a level set some other way
 * (the {@code --debug} flag, log4j2.properties) is kept.
 */
final class OperationalLogLevel {

    private static final String LOGGER = "routes";

    private boolean raised;
    /** Whether log4j had a setting for {@link #LOGGER} of its own before, and its level then. */
    private boolean hadOwnSetting;
    private Level before;

    synchronized void apply(String logLevel) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        if ("debug".equals(logLevel)) {
            Level now = LogManager.getLogger(LOGGER).getLevel();
            if (!raised && !now.isLessSpecificThan(Level.DEBUG)) {
                hadOwnSetting = context.getConfiguration().getLoggers().containsKey(LOGGER);
                before = now;
                Configurator.setLevel(LOGGER, Level.DEBUG);
                raised = true;
            }
        } else if (raised) {
            raised = false;
            if (hadOwnSetting) {
                Configurator.setLevel(LOGGER, before);
            } else {
                Configuration config = context.getConfiguration();
                config.removeLogger(LOGGER);
                context.updateLoggers();
            }
        }
    }
}
