package routes.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static routes.cli.Invocation.Command.CAMEL_MAIN;
import static routes.cli.Invocation.Command.HELP;
import static routes.cli.Invocation.Command.SERVE;
import static routes.cli.Invocation.Command.USAGE_ERROR;
import static routes.cli.Invocation.Command.VALIDATE;
import static routes.cli.Invocation.Command.VERSION;

/** ToolHive's vmcp command line, one row per case: the arguments and what they must mean. */
class CommandLineTest {

    static Stream<Arguments> commands() {
        return Stream.of(
                // what ToolHive's operator passes (virtualmcpserver_deployment.go)
                row("serve --config=/etc/vmcp-config/config.yaml --host=0.0.0.0 --port=4483", SERVE, false,
                        props("/etc/vmcp-config/config.yaml", "0.0.0.0", "4483", "1800000")),
                row("serve --config=/c.yaml --host=0.0.0.0 --port=4483 --debug", SERVE, true,
                        props("/c.yaml", "0.0.0.0", "4483", "1800000")),
                row("serve --config /c.yaml --port 9000", SERVE, false, props("/c.yaml", "127.0.0.1", "9000", "1800000")),
                row("serve -c /c.yaml", SERVE, false, props("/c.yaml", "127.0.0.1", "4483", "1800000")),
                row("--config=/c.yaml --debug serve", SERVE, true, props("/c.yaml", "127.0.0.1", "4483", "1800000")),
                row("serve -c /c.yaml --session-ttl=0", SERVE, false, props("/c.yaml", "127.0.0.1", "4483", "1800000")),
                row("serve -c /c.yaml --session-ttl=1h30m0s", SERVE, false, props("/c.yaml", "127.0.0.1", "4483", "5400000")),
                row("serve -c /c.yaml --session-ttl 45s", SERVE, false, props("/c.yaml", "127.0.0.1", "4483", "45000")),
                row("validate --config=/c.yaml", VALIDATE, false, Map.of()),
                row("validate -c /c.yaml --debug", VALIDATE, true, Map.of()),
                row("version", VERSION, false, Map.of()),
                row("help", HELP, false, Map.of()),
                row("--help", HELP, false, Map.of()),
                // camel-main as before: no argument, or its single-dash options
                row("", CAMEL_MAIN, false, Map.of()),
                row("-d 10", CAMEL_MAIN, false, Map.of()));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("serve", "serve needs --config FILE"),
                Arguments.of("validate", "validate needs --config FILE"),
                Arguments.of("start --config=/c.yaml", "unknown command 'start'"),
                Arguments.of("serve --config=/c.yaml --group=g", "unknown flag '--group'"),
                Arguments.of("serve --config=/c.yaml --enable-audit", "--enable-audit is not supported by Caravan yet"),
                Arguments.of("serve --config", "--config needs a value"),
                Arguments.of("serve --config=", "--config needs a value"),
                Arguments.of("serve --config=/c.yaml --port=http", "--port must be a number from 0 to 65535, not 'http'"),
                Arguments.of("serve --config=/c.yaml --port=70000", "--port must be a number"),
                Arguments.of("serve --config=/c.yaml --session-ttl=30 minutes", "unexpected argument 'minutes'"),
                Arguments.of("serve --config=/c.yaml --session-ttl=30", "--session-ttl: '30' is not a duration"),
                Arguments.of("validate --config=/c.yaml --port=1", "--port applies only to serve, not validate"),
                Arguments.of("serve validate -c /c.yaml", "unexpected argument 'validate' after serve"),
                Arguments.of("--debug", "no command given"),
                Arguments.of("serve --config=/c.yaml --debug=yes", "--debug takes no value"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commands")
    void readsTheCommandLine(String line, Invocation.Command command, boolean debug, Map<String, String> properties) {
        Invocation inv = CommandLine.parse(words(line));
        assertNull(inv.error());
        assertEquals(command, inv.command());
        assertEquals(debug, inv.debug());
        assertEquals(properties, inv.properties());
        if (command == CAMEL_MAIN) {
            assertEquals(words(line), inv.camelArgs());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("errors")
    void refusesWithAReason(String line, String error) {
        Invocation inv = CommandLine.parse(words(line));
        assertEquals(USAGE_ERROR, inv.command());
        assertTrue(inv.error().startsWith(error), inv.error());
    }

    private static List<String> words(String line) {
        return line.isEmpty() ? List.of() : Arrays.asList(line.split(" "));
    }

    private static Arguments row(String line, Invocation.Command command, boolean debug, Map<String, String> properties) {
        return Arguments.of(line, command, debug, properties);
    }

    private static Map<String, String> props(String config, String host, String port, String idleMs) {
        return Map.of("caravan.config", config, "camel.server.host", host, "camel.server.port", port,
                "caravan.session.idle-timeout", idleMs);
    }
}
