package routes.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRefTest {

    @Test
    void describeNamesTheRefOnly() {
        assertEquals("env TOOLHIVE_SECRET_HEADER_FORWARD_X_API_KEY_MY_PROXY",
                new SecretRef.Env("HEADER_FORWARD_X_API_KEY_MY_PROXY").describe());
        assertEquals("secret github-token/token", new SecretRef.Key("github-token", "token").describe());
    }

    @ParameterizedTest
    @CsvSource({"creds, token", "a, b", "my.secret-2, api_key.txt", "x, -.-", "x, .hidden", "x, A_B-c.D"})
    void acceptsKubernetesNamesAndKeys(String name, String key) {
        assertEquals(name, new SecretRef.Key(name, key).name());
    }

    /** Kubernetes' rules also keep {@code <dir>/<name>/<key>} inside the folder and off kubelet's own entries. */
    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "NULL, token", "'', token", "Creds, token", "-creds, token", "creds-, token", "a/b, token", "../etc, passwd",
            "a_b, token", "creds, NULL", "creds, ''", "creds, .", "creds, ..", "creds, ..data", "creds, ..2026_01_01",
            "creds, a/b", "creds, ../x", "creds, has space"})
    void rejectsWhatKubernetesWouldReject(String name, String key) {
        var e = assertThrows(IllegalArgumentException.class, () -> new SecretRef.Key(name, key));
        assertTrue(e.getMessage().startsWith("Secret name") || e.getMessage().startsWith("Secret key"), e.getMessage());
    }

    @Test
    void aKeyErrorNamesTheKeyAndItsSecret() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SecretRef.Key("creds", "..data"));
        assertEquals("Secret key \"..data\" of Secret creds is not a valid Kubernetes Secret key (letters, digits, '-',"
                + " '_' and '.', at most 253 characters, not '.' and not starting with '..')", e.getMessage());
    }

    @Test
    void namesOfAtMost253Characters() {
        String longest = "a".repeat(253);
        new SecretRef.Key(longest, longest);
        assertThrows(IllegalArgumentException.class, () -> new SecretRef.Key(longest + "a", "k"));
        assertThrows(IllegalArgumentException.class, () -> new SecretRef.Key("n", longest + "a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "a=b", "new\nline", "Bearer x"})
    void rejectsIdentifiersThatCannotFormAnEnvVarWithoutEchoingThem(String identifier) {
        var e = assertThrows(IllegalArgumentException.class, () -> new SecretRef.Env(identifier));
        assertEquals("a secret identifier must be one or more letters, digits, '_', '-' or '.', to form the environment"
                + " variable name TOOLHIVE_SECRET_<identifier>", e.getMessage());
    }

    @Test
    void envRefNamesItsVariable() {
        assertEquals("TOOLHIVE_SECRET_my.id-1", new SecretRef.Env("my.id-1").variable());
    }
}
