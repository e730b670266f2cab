package routes.cli;

import routes.config.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of ToolHive's {@code vmcp} binary, which ToolHive's operator passes to the
 * container ({@code serve --config=/etc/vmcp-config/config.yaml --host=0.0.0.0 --port=4483}), read
 * into what Caravan runs: a pure function, so every form is a row of a table test.
 *
 * <p>Anything that does not start with one of vmcp's commands is left to camel-main as before, so
 * {@code java -jar caravan.jar} with no argument still runs the demo.
 */
public final class CommandLine {

    /** What to do. */
    public sealed interface Command permits Serve, Validate, Version, Help, CamelMain {
    }

    /** Run the gateway with these camel-main properties set (they win over every other source). */
    public record Serve(Map<String, String> properties, String configFile, boolean debug) implements Command {
    }

    /** Check a config file, print every problem, exit 0 or 1. */
    public record Validate(String configFile) implements Command {
    }

    public record Version() implements Command {
    }

    public record Help() implements Command {
    }

    /** No vmcp command: camel-main's own arguments, as before. */
    public record CamelMain(String[] args) implements Command {
    }

    /** A command line that cannot be run; the message says why, and {@link #USAGE} says how. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            usage: caravan <command> [flags]   (ToolHive vmcp's command line)
              serve     --config=FILE [--host=ADDR] [--port=N] [--session-ttl=DURATION] [--debug]
                        run the gateway (host default 127.0.0.1, port default 4483, session TTL default 30m)
              validate  --config=FILE [--debug]   check a config file and print every problem; exit 0 if valid, 1 if not
              version   print the version
            With no command, the built-in demo runs (camel-main arguments are accepted as before).""";

    /** vmcp's defaults: loopback and 4483 unless the operator says otherwise. */
    static final String DEFAULT_HOST = "127.0.0.1";
    static final String DEFAULT_PORT = "4483";
    /** ToolHive's --session-ttl 0 means 30 minutes. */
    static final Duration DEFAULT_SESSION_TTL = Duration.ofMinutes(30);

    private static final List<String> COMMANDS = List.of("serve", "validate", "version", "help", "--help", "-h");

    private CommandLine() {
    }

    public static Command parse(String... args) throws UsageException {
        if (args.length == 0 || !COMMANDS.contains(args[0])) {
            if (args.length > 0 && !args[0].startsWith("-")) {
                throw new UsageException("unknown command '" + args[0] + "'");
            }
            return new CamelMain(args);
        }
        Map<String, String> flags = flags(args);
        return switch (args[0]) {
            case "serve" -> serve(flags);
            case "validate" -> {
                only(flags, "validate", "config", "debug");
                yield new Validate(config(flags));
            }
            case "version" -> {
                only(flags, "version", "debug");
                yield new Version();
            }
            default -> new Help();
        };
    }

    private static Serve serve(Map<String, String> flags) throws UsageException {
        only(flags, "serve", "config", "host", "port", "debug", "session-ttl", "enable-audit");
        String config = config(flags);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("caravan.config", config);
        props.put("camel.server.host", flags.getOrDefault("host", DEFAULT_HOST));
        String port = flags.getOrDefault("port", DEFAULT_PORT);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new UsageException("--port: '" + port + "' is not a port number (1-65535)");
        }
        props.put("camel.server.port", port);
        props.put("caravan.session.idle-timeout", Long.toString(sessionTtl(flags.get("session-ttl")).toMillis()));
        if (flags.containsKey("enable-audit") && !"false".equals(flags.get("enable-audit"))) {
            // vMCP's quick setup: ToolHive's default audit config when the file has no audit section
            props.put("caravan.audit.default", "true");
        }
        return new Serve(Map.copyOf(props), config, debug(flags));
    }

    private static Duration sessionTtl(String value) throws UsageException {
        if (value == null) {
            return DEFAULT_SESSION_TTL;
        }
        try {
            Duration d = value.equals("0") ? Duration.ZERO : Durations.parse(value);
            return d.isZero() ? DEFAULT_SESSION_TTL : d;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--session-ttl: " + e.getMessage());
        }
    }

    private static boolean debug(Map<String, String> flags) throws UsageException {
        String v = flags.get("debug");
        if (v == null || v.equals("false")) {
            return false;
        }
        if (!v.equals("true")) {
            throw new UsageException("--debug takes no value (or =true/=false), not '" + v + "'");
        }
        return true;
    }

    private static String config(Map<String, String> flags) throws UsageException {
        String config = flags.get("config");
        if (config == null || config.isBlank() || config.equals("true")) {
            throw new UsageException("--config=FILE is required");
        }
        return config;
    }

    private static void only(Map<String, String> flags, String command, String... allowed) throws UsageException {
        List<String> ok = List.of(allowed);
        for (String name : flags.keySet()) {
            if (!ok.contains(name)) {
                throw new UsageException(command + ": unknown flag --" + name);
            }
        }
    }

    /**
     * {@code --name=value}, {@code --name value}, {@code -c value}, and a bare boolean
     * {@code --debug}: the forms Go's flag packages accept.
     */
    private static Map<String, String> flags(String[] args) throws UsageException {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
                throw new UsageException(args[0] + ": unexpected argument '" + a + "'");
            }
            String body = a.startsWith("--") ? a.substring(2) : a.substring(1);
            String name = body;
            String value = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                name = body.substring(0, eq);
                value = body.substring(eq + 1);
            }
            if (name.equals("c")) {
                name = "config";
            }
            if (value == null) {
                boolean bool = name.equals("debug") || name.equals("enable-audit");
                if (bool) {
                    value = "true";
                } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    value = args[++i];
                } else {
                    throw new UsageException(args[0] + ": --" + name + " needs a value");
                }
            }
            if (flags.put(name, value) != null) {
                throw new UsageException(args[0] + ": --" + name + " is given twice");
            }
        }
        return flags;
    }
}
