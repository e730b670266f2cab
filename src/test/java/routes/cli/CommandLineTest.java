package routes.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.cli.CommandLine.CamelMain;
import routes.cli.CommandLine.Serve;
import routes.cli.CommandLine.UsageException;
import routes.cli.CommandLine.Validate;
import routes.cli.CommandLine.Version;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ToolHive vmcp's command line, one row per form the operator or a user may write. */
class CommandLineTest {

    @Test
    void theOperatorsServeLine() throws Exception {
        Serve s = (Serve) CommandLine.parse("serve", "--config=/etc/vmcp-config/config.yaml", "--host=0.0.0.0", "--port=4483");
        assertEquals(Map.of("caravan.config", "/etc/vmcp-config/config.yaml", "camel.server.host", "0.0.0.0",
                "camel.server.port", "4483", "caravan.session.idle-timeout", "1800000"), s.properties());
        assertEquals(false, s.debug());
    }

    @Test
    void enableAuditAsksForTheDefaultAuditLog() throws Exception {
        Serve s = (Serve) CommandLine.parse("serve", "--config=c.yaml", "--enable-audit");
        assertEquals("true", s.properties().get("caravan.audit.default"));
        Serve off = (Serve) CommandLine.parse("serve", "--config=c.yaml", "--enable-audit=false");
        assertEquals(null, off.properties().get("caravan.audit.default"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "serve --config=c.yaml                              | c.yaml | 127.0.0.1 | 4483 | 1800000 | false",
            "serve --config c.yaml --port 9000 --debug          | c.yaml | 127.0.0.1 | 9000 | 1800000 | true",
            "serve -c c.yaml --host=:: --session-ttl=1h30m0s    | c.yaml | ::        | 4483 | 5400000 | false",
            "serve --debug --config=c.yaml --session-ttl=0      | c.yaml | 127.0.0.1 | 4483 | 1800000 | true",
            "serve --config=c.yaml --session-ttl=90s --debug=false | c.yaml | 127.0.0.1 | 4483 | 90000 | false",
    })
    void serveForms(String line, String config, String host, String port, String ttlMillis, boolean debug) throws Exception {
        Serve s = (Serve) CommandLine.parse(line.trim().split("\\s+"));
        assertEquals(config, s.properties().get("caravan.config"));
        assertEquals(host, s.properties().get("camel.server.host"));
        assertEquals(port, s.properties().get("camel.server.port"));
        assertEquals(ttlMillis, s.properties().get("caravan.session.idle-timeout"));
        assertEquals(debug, s.debug());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "serve                                  | --config=FILE is required",
            "serve --config=c.yaml --port=http      | --port: 'http' is not a port number",
            "serve --config=c.yaml --port=70000     | --port: '70000' is not a port number",
            "serve --config=c.yaml --group=g        | serve: unknown flag --group",
            "serve --config=c.yaml --session-ttl=5x | --session-ttl: '5x' is not a duration",
            "serve --config=a --config=b            | --config is given twice",
            "serve --config=c.yaml extra            | serve: unexpected argument 'extra'",
            "serve --port                           | serve: --port needs a value",
            "validate                               | --config=FILE is required",
            "version --config=c.yaml                | version: unknown flag --config",
            "launch                                 | unknown command 'launch'",
    })
    void refusals(String line, String message) {
        UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse(line.trim().split("\\s+")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void otherCommands() throws Exception {
        assertEquals("c.yaml", ((Validate) CommandLine.parse("validate", "--config=c.yaml")).configFile());
        assertInstanceOf(Version.class, CommandLine.parse("version"));
        // no vmcp command: camel-main as before (the demo)
        assertInstanceOf(CamelMain.class, CommandLine.parse());
        assertInstanceOf(CamelMain.class, CommandLine.parse("-p", "x=y"));
    }
}
