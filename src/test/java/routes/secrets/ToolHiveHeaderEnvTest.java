package routes.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import routes.secrets.ToolHiveHeaderEnv.BackendHeaders;
import routes.secrets.ToolHiveHeaderEnv.Result;

class ToolHiveHeaderEnvTest {

    /** What ToolHive's operator emits for an MCPServerEntry named github-copilot. */
    private static final String OPERATOR_MANIFEST = "{\"addPlaintextHeaders\":{\"X-MCP-Toolsets\":\"projects,issues\","
            + "\"X-Trace-Id\":\"kind-test\"},\"addHeadersFromSecret\":{\"X-Api-Key\":\"HEADER_FORWARD_X_API_KEY_GITHUB_COPILOT\"}}";

    @Test
    void readsTheOperatorsManifestForItsBackend() {
        Result r = ToolHiveHeaderEnv.read(Map.of(
                "TOOLHIVE_HEADER_FORWARD_GITHUB_COPILOT", OPERATOR_MANIFEST,
                "TOOLHIVE_SECRET_HEADER_FORWARD_X_API_KEY_GITHUB_COPILOT", "the-token",
                "PATH", "/usr/bin"), List.of("github-copilot", "weather"));

        assertEquals(List.of(), r.warnings());
        BackendHeaders h = r.forBackend("github-copilot");
        assertEquals(List.of("X-MCP-Toolsets", "X-Trace-Id"), List.copyOf(h.plaintext().keySet()), "case and order kept");
        assertEquals("projects,issues", h.plaintext().get("X-MCP-Toolsets"));
        assertEquals(Map.of("X-Api-Key", new SecretRef.Env("HEADER_FORWARD_X_API_KEY_GITHUB_COPILOT")), h.fromSecret());
        assertEquals(List.of("github-copilot"), List.copyOf(r.backends().keySet()));
        assertSame(BackendHeaders.NONE, r.forBackend("weather"));
    }

    @Test
    void keepsTheManifestsHeaderOrderNotAlphabetical() {
        String json = "{\"addPlaintextHeaders\":{\"Z-Last\":\"1\",\"a-first\":\"2\",\"M-Mid\":\"3\"}}";
        Result r = ToolHiveHeaderEnv.read(Map.of("TOOLHIVE_HEADER_FORWARD_B", json), List.of("b"));
        assertEquals(List.of("Z-Last", "a-first", "M-Mid"), List.copyOf(r.forBackend("b").plaintext().keySet()));
    }

    @Test
    void backendsComeBackInTheOrderGiven() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOOLHIVE_HEADER_FORWARD_A", "{}");
        env.put("TOOLHIVE_HEADER_FORWARD_C", "{}");
        env.put("TOOLHIVE_HEADER_FORWARD_B", "{}");
        Result r = ToolHiveHeaderEnv.read(env, List.of("c", "a", "b"));
        assertEquals(List.of("c", "a", "b"), List.copyOf(r.backends().keySet()));
    }

    @Test
    void aMalformedManifestIsAWarningAndTheOthersAreStillRead() {
        String secretLookingJunk = "{\"addPlaintextHeaders\": {\"X-Key\": sk-live-12345";
        Result r = ToolHiveHeaderEnv.read(Map.of(
                "TOOLHIVE_HEADER_FORWARD_BROKEN", secretLookingJunk,
                "TOOLHIVE_HEADER_FORWARD_GOOD", "{\"addPlaintextHeaders\":{\"X-A\":\"1\"}}"), List.of("broken", "good"));

        assertEquals(1, r.warnings().size(), r.warnings().toString());
        String w = r.warnings().get(0);
        assertTrue(w.startsWith("TOOLHIVE_HEADER_FORWARD_BROKEN is not valid JSON (line 1, column "), w);
        assertTrue(w.endsWith("; backend broken gets no headers from it"), w);
        assertFalse(w.contains("sk-live"), "the variable's value is never echoed: " + w);
        assertSame(BackendHeaders.NONE, r.forBackend("broken"));
        assertEquals(Map.of("X-A", "1"), r.forBackend("good").plaintext());
    }

    /** Each of these makes Go's json.Unmarshal into HeaderForwardConfig fail, or is not an object at all. */
    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "not json",
            "[]",
            "\"a string\"",
            "null",
            "{} {}",
            "{\"addPlaintextHeaders\": [\"X-A\"]}",
            "{\"addPlaintextHeaders\": {\"X-A\": 5}}",
            "{\"addPlaintextHeaders\": {\"X-A\": null}}",
            "{\"addPlaintextHeaders\": \"X-A: 1\"}",
            "{\"addHeadersFromSecret\": [{\"headerName\": \"X-A\"}]}",
            "{\"addHeadersFromSecret\": {\"X-A\": {\"name\": \"s\", \"key\": \"k\"}}}",
            "{\"addHeadersFromSecret\": {\"X-A\": \"\"}}",
            "{\"addHeadersFromSecret\": {\"X-A\": \"has space\"}}",
            "{\"addHeadersFromSecret\": {\"X-A\": \"a=b\"}}",
    })
    void unusableManifestsGiveTheBackendNothing(String value) {
        Result r = ToolHiveHeaderEnv.read(Map.of("TOOLHIVE_HEADER_FORWARD_MY_PROXY", value), List.of("my-proxy"));
        assertSame(BackendHeaders.NONE, r.forBackend("my-proxy"));
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        String w = r.warnings().get(0);
        assertTrue(w.startsWith("TOOLHIVE_HEADER_FORWARD_MY_PROXY "), w);
        assertTrue(w.endsWith("backend my-proxy gets no headers from it"), w);
    }

    @Test
    void aBadIdentifierIsNotEchoedItMayBeAPastedValue() {
        Result r = ToolHiveHeaderEnv.read(Map.of("TOOLHIVE_HEADER_FORWARD_A",
                "{\"addHeadersFromSecret\":{\"Authorization\":\"Bearer sk-live-12345\"}}"), List.of("a"));
        assertEquals(List.of("TOOLHIVE_HEADER_FORWARD_A header \"Authorization\" in addHeadersFromSecret has an identifier"
                + " that cannot be part of an env var name (letters, digits, '_', '-' and '.'); backend a gets no headers"
                + " from it"), r.warnings());
    }

    @Test
    void nullMapsAndAnEmptyObjectAreEmptyNotErrors() {
        Result r = ToolHiveHeaderEnv.read(Map.of(
                "TOOLHIVE_HEADER_FORWARD_A", "{\"addPlaintextHeaders\": null, \"addHeadersFromSecret\": null}",
                "TOOLHIVE_HEADER_FORWARD_B", "{}"), List.of("a", "b"));
        assertEquals(List.of(), r.warnings());
        assertTrue(r.forBackend("a").isEmpty());
        assertEquals(List.of("a", "b"), List.copyOf(r.backends().keySet()));
    }

    @Test
    void unknownFieldsAreWarnedAndTheRestIsUsed() {
        String json = "{\"addPlaintextHeaders\":{\"X-A\":\"1\"},\"passthroughHeaders\":[\"X-B\"],\"extra\":1}";
        Result r = ToolHiveHeaderEnv.read(Map.of("TOOLHIVE_HEADER_FORWARD_A", json), List.of("a"));
        assertEquals(List.of(
                "TOOLHIVE_HEADER_FORWARD_A: unknown field \"passthroughHeaders\" ignored (known: addPlaintextHeaders, addHeadersFromSecret)",
                "TOOLHIVE_HEADER_FORWARD_A: unknown field \"extra\" ignored (known: addPlaintextHeaders, addHeadersFromSecret)"),
                r.warnings());
        assertEquals(Map.of("X-A", "1"), r.forBackend("a").plaintext());
    }

    @Test
    void fieldNamesMatchCaseInsensitivelyAndRepeatsAddUpLikeGo() {
        String json = "{\"AddPlaintextHeaders\":{\"X-A\":\"1\"},\"addplaintextheaders\":{\"X-B\":\"2\",\"X-A\":\"3\"}}";
        Result r = ToolHiveHeaderEnv.read(Map.of("TOOLHIVE_HEADER_FORWARD_A", json), List.of("a"));
        assertEquals(List.of(), r.warnings());
        assertEquals(Map.of("X-A", "3", "X-B", "2"), r.forBackend("a").plaintext());
    }

    @Test
    void aStrayManifestIsWarnedByName() {
        Result r = ToolHiveHeaderEnv.read(Map.of(
                "TOOLHIVE_HEADER_FORWARD_GONE", "{\"addPlaintextHeaders\":{\"X-A\":\"secret-ish\"}}",
                "TOOLHIVE_HEADER_FORWARD_my-proxy", "{}"), List.of("my-proxy"));
        assertEquals(2, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(0).startsWith("TOOLHIVE_HEADER_FORWARD_GONE matches no backend"), r.warnings().get(0));
        assertTrue(r.warnings().get(1).startsWith("TOOLHIVE_HEADER_FORWARD_my-proxy matches no backend"),
                "the suffix must be normalized, as in ToolHive: " + r.warnings().get(1));
        assertFalse(String.join("\n", r.warnings()).contains("secret-ish"));
        assertTrue(r.backends().isEmpty());
    }

    @Test
    void secretVariablesAndOtherVariablesAreNotManifests() {
        Result r = ToolHiveHeaderEnv.read(Map.of(
                "TOOLHIVE_SECRET_HEADER_FORWARD_X_API_KEY_A", "{not json",
                "TOOLHIVE_HEADER_FORWARDX", "{not json",
                "HOME", "/root"), List.of("a"));
        assertEquals(List.of(), r.warnings());
        assertTrue(r.backends().isEmpty());
    }

    @Test
    void backendsThatNormalizeAlikeGetNeitherManifest() {
        Result r = ToolHiveHeaderEnv.read(Map.of(
                "TOOLHIVE_HEADER_FORWARD_A_B", "{\"addHeadersFromSecret\":{\"X-Key\":\"HEADER_FORWARD_X_KEY_A_B\"}}"),
                List.of("a.b", "a-b", "c"));
        assertEquals(List.of("backends a.b, a-b all read TOOLHIVE_HEADER_FORWARD_A_B (names are normalized for env vars);"
                + " it is applied to none of them: rename one so the names differ in letters or digits"), r.warnings());
        assertTrue(r.backends().isEmpty());
    }

    @Test
    void backendsThatNormalizeAlikeAreWarnedEvenWithoutAManifest() {
        Result r = ToolHiveHeaderEnv.read(Map.of(), List.of("a.b", "a-b", "a.b"));
        assertEquals(List.of("backends a.b, a-b normalize to the same env-var name A_B; a TOOLHIVE_HEADER_FORWARD_A_B"
                + " manifest could not tell them apart and would be applied to none of them"), r.warnings());
    }

    @Test
    void warningsComeInVariableOrderWhateverTheMapOrder() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOOLHIVE_HEADER_FORWARD_Z", "{}");
        env.put("TOOLHIVE_HEADER_FORWARD_A", "{}");
        env.put("TOOLHIVE_HEADER_FORWARD_M", "{}");
        Result r = ToolHiveHeaderEnv.read(env, List.of());
        assertEquals(3, r.warnings().size());
        assertTrue(r.warnings().get(0).startsWith("TOOLHIVE_HEADER_FORWARD_A "));
        assertTrue(r.warnings().get(1).startsWith("TOOLHIVE_HEADER_FORWARD_M "));
        assertTrue(r.warnings().get(2).startsWith("TOOLHIVE_HEADER_FORWARD_Z "));
    }

    @Test
    void theResultCannotBeChangedByItsReader() {
        Result r = ToolHiveHeaderEnv.read(Map.of("TOOLHIVE_HEADER_FORWARD_A", "{\"addPlaintextHeaders\":{\"X-A\":\"1\"}}"),
                List.of("a"));
        assertThrows(UnsupportedOperationException.class,
                () -> r.forBackend("a").plaintext().put("X-B", "2"));
        assertThrows(UnsupportedOperationException.class,
                () -> r.backends().remove("a"));
    }
}
