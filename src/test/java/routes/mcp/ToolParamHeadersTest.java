package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.protocol.Json;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Mcp-Param-* headers against a tool's x-mcp-header arguments, one row per case of the 2026-07-28 rules. */
class ToolParamHeadersTest {

    private static final String SCHEMA = """
            {"type":"object","properties":{
              "region":{"type":"string","x-mcp-header":"Region"},
              "limit":{"type":"integer","x-mcp-header":"Limit"},
              "dry":{"type":"boolean","x-mcp-header":"Dry"},
              "opts":{"type":"object","properties":{"tenant":{"type":"string","x-mcp-header":"Tenant"}}},
              "list":{"type":"array","items":{"properties":{"x":{"type":"string","x-mcp-header":"Item"}}}},
              "sql":{"type":"string"}}}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            plain match                    | {"region":"eu"}                  | Region=eu                          | true
            missing header, value in body  | {"region":"eu"}                  | -                                  | false
            different value                | {"region":"eu"}                  | Region=us                          | false
            no value, no header needed     | {"sql":"x"}                      | -                                  | true
            null value, no header needed   | {"region":null}                  | -                                  | true
            base64 sentinel decoded        | {"region":"Hello"}               | Region==?base64?SGVsbG8=?=         | true
            base64 without padding         | {"region":"Hello"}               | Region==?base64?SGVsbG8?=          | false
            base64 with foreign characters | {"region":"Hello"}               | Region==?base64?SGVs!!!bG8=?=      | false
            no prefix: literal             | {"region":"SGVsbG8="}            | Region=SGVsbG8=                    | true
            no suffix: literal             | {"region":"=?base64?SGVsbG8="}   | Region==?base64?SGVsbG8=           | true
            integer compared as a number   | {"limit":42}                     | Limit=42.0                         | true
            integer differs                | {"limit":42}                     | Limit=43                           | false
            boolean lowercase              | {"dry":true}                     | Dry=true                           | true
            nested through properties      | {"opts":{"tenant":"acme"}}       | Tenant=acme                        | true
            nested value missing header    | {"opts":{"tenant":"acme"}}       | -                                  | false
            inside items: not an annotation| {"list":[{"x":"a"}]}             | -                                  | true
            control character in header    | {"region":"a\\u0001b"}          | Region=a\\u0001b                  | false
            """)
    void headersMatchArguments(String name, String arguments, String header, boolean ok) throws Exception {
        JsonNode schema = Json.MAPPER.readTree(SCHEMA);
        Map<String, String> headers = new HashMap<>();
        if (header != null) {
            int eq = header.indexOf('=');
            headers.put(("Mcp-Param-" + header.substring(0, eq)).toLowerCase(), header.substring(eq + 1).replace("\\u0001", "\u0001"));
        }
        String problem = ToolParamHeaders.problem(schema, Json.MAPPER.readTree(arguments), h -> headers.get(h.toLowerCase()));
        assertEquals(ok, problem == null, String.valueOf(problem));
    }
}
