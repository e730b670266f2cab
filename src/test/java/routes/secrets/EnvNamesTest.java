package routes.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ToolHive's wirefmt vectors, plus the edges where Java's own upper-casing would differ from Go's. */
class EnvNamesTest {

    @ParameterizedTest(name = "normalize({0}) = {1}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "my-proxy        | MY_PROXY",
            "proxy.name@123  | PROXY_NAME_123",
            "GitHub-Copilot  | GITHUB_COPILOT",
            "''              | ''",
            "already_OK_09   | ALREADY_OK_09",
            "a b/c:d         | A_B_C_D",
            "X-A.B           | X_A_B",
            "X-A_B           | X_A_B",
            // one '_' per code point, and the simple case mapping (Go's unicode.ToUpper), not String.toUpperCase
            "straße          | STRA_E",
            "ıd              | ID",
            "😀-x            | __X",
    })
    void normalize(String input, String expected) {
        assertEquals(expected, EnvNames.normalize(input));
    }

    @ParameterizedTest(name = "({0}, {1}) → {2}")
    @CsvSource(delimiter = '|', value = {
            "my-proxy       | X-API-Key     | TOOLHIVE_SECRET_HEADER_FORWARD_X_API_KEY_MY_PROXY",
            "test-proxy     | authorization | TOOLHIVE_SECRET_HEADER_FORWARD_AUTHORIZATION_TEST_PROXY",
            "github-copilot | X-Api-Key     | TOOLHIVE_SECRET_HEADER_FORWARD_X_API_KEY_GITHUB_COPILOT",
    })
    void secretVariable(String backend, String header, String expected) {
        assertEquals(expected, EnvNames.secretVariable(backend, header));
        assertEquals(expected.substring("TOOLHIVE_SECRET_".length()), EnvNames.secretIdentifier(backend, header));
    }

    @ParameterizedTest(name = "manifest of {0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "github-copilot | TOOLHIVE_HEADER_FORWARD_GITHUB_COPILOT",
            "my-proxy       | TOOLHIVE_HEADER_FORWARD_MY_PROXY",
            "weather.v2     | TOOLHIVE_HEADER_FORWARD_WEATHER_V2",
    })
    void manifestVariable(String backend, String expected) {
        assertEquals(expected, EnvNames.manifestVariable(backend));
    }
}
