package routes.cli;

import routes.config.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the command line ToolHive's operator gives the vMCP container
 * ({@code serve --config=/etc/vmcp-config/config.yaml --host=0.0.0.0 --port=4483 [--debug]}),
 * and ToolHive's {@code validate} and {@code version}. A pure function: flags become Camel
 * properties, nothing is started or printed here. With no argument, or camel-main's own options
 * (a single dash, such as {@code -pl} or {@code -d}), the arguments go to camel-main unchanged, as
 * before this CLI existed.
 */
public final class CommandLine {

    /** ToolHive's default when --session-ttl is 0 or absent. */
    static final Duration DEFAULT_SESSION_TTL = Duration.ofMinutes(30);

    public static final String USAGE = """
            Usage: caravan <command> [flags]    (no command: camel-main, the demo unless caravan.config is set)

            Commands:
              serve      start the gateway
              validate   check a config file, print every problem; exit 0 when valid, 1 when not
              version    print the version

            Flags (before or after the command):
              -c, --config FILE      gateway config file (ToolHive vMCP format); required by serve and validate
                  --debug            log at DEBUG level
            serve flags:
                  --host HOST        address to listen on (default 127.0.0.1)
                  --port PORT        port of the MCP endpoint and /health, /readyz, /status (default 4483)
                  --session-ttl D    idle time before a client session ends, e.g. 30m or 1h0m0s (0: 30m)
            """;

    private CommandLine() {
    }

    public static Invocation parse(List<String> args) {
        if (args.isEmpty() || args.get(0).startsWith("-") && !args.get(0).startsWith("--") && !args.get(0).equals("-c")) {
            return new Invocation(Invocation.Command.CAMEL_MAIN, null, Map.of(), false, args, null);
        }
        Invocation.Command command = null;
        String config = null;
        String host = "127.0.0.1";
        String port = "4483";
        String ttl = null;
        boolean debug = false;
        List<String> serveOnly = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                if (command != null) {
                    return Invocation.usageError("unexpected argument '" + arg + "' after " + name(command));
                }
                command = command(arg);
                if (command == null) {
                    return Invocation.usageError("unknown command '" + arg + "'");
                }
                continue;
            }
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (flag) {
                case "--help", "-h" -> {
                    return Invocation.simple(Invocation.Command.HELP);
                }
                case "--debug" -> {
                    if (value != null && !value.equals("true") && !value.equals("false")) {
                        return Invocation.usageError("--debug takes no value (or true/false), not '" + value + "'");
                    }
                    debug = value == null || value.equals("true");
                }
                case "--enable-audit" -> {
                    return Invocation.usageError("--enable-audit is not supported by Caravan yet (audit logging"
                            + " comes with incoming auth); remove the flag");
                }
                case "-c", "--config", "--host", "--port", "--session-ttl" -> {
                    if (value == null) {
                        if (i + 1 >= args.size() || args.get(i + 1).startsWith("-")) {
                            return Invocation.usageError(flag + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    if (value.isBlank()) {
                        return Invocation.usageError(flag + " needs a value");
                    }
                    switch (flag) {
                        case "-c", "--config" -> config = value;
                        case "--host" -> host = value;
                        case "--port" -> port = value;
                        default -> ttl = value;
                    }
                    if (!flag.equals("-c") && !flag.equals("--config")) {
                        serveOnly.add(flag);
                    }
                }
                default -> {
                    return Invocation.usageError("unknown flag '" + flag + "'");
                }
            }
        }
        if (command == null) {
            return Invocation.usageError("no command given (serve, validate or version)");
        }
        if (command != Invocation.Command.SERVE && !serveOnly.isEmpty()) {
            return Invocation.usageError(serveOnly.get(0) + " applies only to serve, not " + name(command));
        }
        if (command == Invocation.Command.VERSION || command == Invocation.Command.HELP) {
            return new Invocation(command, config, Map.of(), debug, List.of(), null);
        }
        if (config == null) {
            return Invocation.usageError(name(command) + " needs --config FILE");
        }
        if (command == Invocation.Command.VALIDATE) {
            return new Invocation(command, config, Map.of(), debug, List.of(), null);
        }
        return serve(config, host, port, ttl, debug);
    }

    private static Invocation serve(String config, String host, String port, String ttl, boolean debug) {
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            portNumber = -1;
        }
        if (portNumber < 0 || portNumber > 65535) {
            return Invocation.usageError("--port must be a number from 0 to 65535, not '" + port + "'");
        }
        Duration sessionTtl = DEFAULT_SESSION_TTL;
        if (ttl != null && !ttl.equals("0")) {
            try {
                sessionTtl = Durations.parse(ttl);
            } catch (IllegalArgumentException e) {
                return Invocation.usageError("--session-ttl: " + e.getMessage());
            }
            if (sessionTtl.isZero()) {
                sessionTtl = DEFAULT_SESSION_TTL;
            }
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("caravan.config", config);
        props.put("camel.server.host", host);
        props.put("camel.server.port", Integer.toString(portNumber));
        props.put("caravan.session.idle-timeout", Long.toString(sessionTtl.toMillis()));
        return new Invocation(Invocation.Command.SERVE, config, props, debug, List.of(), null);
    }

    private static Invocation.Command command(String word) {
        return switch (word) {
            case "serve" -> Invocation.Command.SERVE;
            case "validate" -> Invocation.Command.VALIDATE;
            case "version" -> Invocation.Command.VERSION;
            case "help" -> Invocation.Command.HELP;
            default -> null;
        };
    }

    private static String name(Invocation.Command command) {
        return command.name().toLowerCase(java.util.Locale.ROOT);
    }
}
