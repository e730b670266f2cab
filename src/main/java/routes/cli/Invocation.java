package routes.cli;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the command line asks for, decided before anything starts.
 *
 * @param command    what to do
 * @param configFile the --config file, or null when none was given
 * @param properties Camel properties the flags set (override application.properties and the environment)
 * @param debug      whether --debug was given
 * @param camelArgs  arguments handed to camel-main as they are (only for {@link Command#CAMEL_MAIN})
 * @param error      for {@link Command#USAGE_ERROR}: what was wrong, in one line
 */
public record Invocation(Command command, String configFile, Map<String, String> properties, boolean debug,
                         List<String> camelArgs, String error) {

    public enum Command {
        /** No argument, or camel-main's own options: start as camel-main always did (the demo without a config). */
        CAMEL_MAIN,
        /** ToolHive's {@code serve}: start the gateway with the flags the operator passes. */
        SERVE,
        /** ToolHive's {@code validate}: check the config file and exit. */
        VALIDATE,
        /** Print the version and exit. */
        VERSION,
        /** {@code help}, {@code --help}: print the usage and exit 0. */
        HELP,
        /** Unknown command or flag, or a bad value: print the error and the usage, exit 2. */
        USAGE_ERROR
    }

    public Invocation {
        Objects.requireNonNull(command, "command");
        properties = Map.copyOf(properties);
        camelArgs = List.copyOf(camelArgs);
    }

    static Invocation usageError(String error) {
        return new Invocation(Command.USAGE_ERROR, null, Map.of(), false, List.of(), error);
    }

    static Invocation simple(Command command) {
        return new Invocation(command, null, Map.of(), false, List.of(), null);
    }
}
