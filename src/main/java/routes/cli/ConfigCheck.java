package routes.cli;

import routes.config.ConfigException;
import routes.config.ConfigLoader;
import routes.config.GatewayConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a config file before anything starts, so a bad file ends the process with its problems
 * and exit code 1: no stack trace, no half-started server, no shutdown-hook noise.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /** The config, or null after printing every problem to {@code err}. */
    public static GatewayConfig load(String file, PrintStream err) {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            // one line: the whole-file problem needs no list
            err.println("config file " + file + " does not exist");
            return null;
        }
        try {
            return ConfigLoader.load(path);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    /** A one-line summary of a valid config. */
    public static String summary(GatewayConfig config) {
        int backends = config.backends().size();
        return "OK: " + config.source() + " is valid: name " + config.name()
                + (backends == 0 ? ", no static backends" + (config.groupRef().isEmpty() ? "" : " (group " + config.groupRef() + ")")
                : ", " + backends + " backend(s)");
    }
}
