package routes.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsSettingsTest {

    @TempDir
    Path tmp;

    private Path noNamespaceFile() {
        return tmp.resolve("no-such-namespace-file");
    }

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void defaultsOutsideACluster() {
        SecretsSettings s = SecretsSettings.from(settings(Map.of()), Map.of(), noNamespaceFile());
        assertEquals(new SecretsSettings(Path.of("/etc/caravan/secrets"), 1000, false, "default", 5000), s);
    }

    @Test
    void theDefaultsMatchApplicationProperties() throws IOException {
        var props = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        SecretsSettings fromFile = SecretsSettings.from(key -> Optional.ofNullable(props.getProperty(key)), Map.of(),
                noNamespaceFile());
        assertEquals(SecretsSettings.from(settings(Map.of()), Map.of(), noNamespaceFile()), fromFile);
        assertTrue(props.containsKey(SecretsSettings.KUBERNETES) && props.containsKey(SecretsSettings.DIR)
                && props.containsKey(SecretsSettings.NAMESPACE) && props.containsKey(SecretsSettings.FILE_CHECK_INTERVAL)
                && props.containsKey(SecretsSettings.KUBERNETES_TIMEOUT), "every setting is documented there");
    }

    @ParameterizedTest(name = "{0} with KUBERNETES_SERVICE_HOST={1} → {2}")
    @CsvSource(emptyValue = "", value = {
            "auto,  10.0.0.1, true",
            "auto,  '',       false",
            "'',    10.0.0.1, true",
            "true,  '',       true",
            "TRUE,  '',       true",
            "false, 10.0.0.1, false",
            "' False ', 10.0.0.1, false"})
    void kubernetesIsOnWhenAskedOrInACluster(String mode, String serviceHost, boolean expected) {
        SecretsSettings s = SecretsSettings.from(settings(Map.of(SecretsSettings.KUBERNETES, mode)),
                Map.of("KUBERNETES_SERVICE_HOST", serviceHost), noNamespaceFile());
        assertEquals(expected, s.kubernetes());
    }

    @Test
    void anUnknownModeNamesTheSetting() {
        var e = assertThrows(IllegalArgumentException.class, () -> SecretsSettings.from(
                settings(Map.of(SecretsSettings.KUBERNETES, "yes")), Map.of(), noNamespaceFile()));
        assertEquals("caravan.secrets.kubernetes must be auto, true or false, not \"yes\"", e.getMessage());
    }

    @Test
    void theNamespaceIsTheSettingElseThePodsElseDefault() throws IOException {
        Path podFile = Files.writeString(tmp.resolve("namespace"), "team-a\n");
        assertEquals("team-a", SecretsSettings.from(settings(Map.of()), Map.of(), podFile).namespace());
        assertEquals("mine", SecretsSettings.from(settings(Map.of(SecretsSettings.NAMESPACE, "mine")), Map.of(), podFile)
                .namespace());
        assertEquals("team-a", SecretsSettings.from(settings(Map.of(SecretsSettings.NAMESPACE, " ")), Map.of(), podFile)
                .namespace(), "blank is unset");
        Files.writeString(podFile, "");
        assertEquals("default", SecretsSettings.from(settings(Map.of()), Map.of(), podFile).namespace());
    }

    @Test
    void folderAndIntervalsAreRead() {
        SecretsSettings s = SecretsSettings.from(settings(Map.of(
                SecretsSettings.DIR, "/run/secrets",
                SecretsSettings.FILE_CHECK_INTERVAL, "0",
                SecretsSettings.KUBERNETES_TIMEOUT, "250")), Map.of(), noNamespaceFile());
        assertEquals(Path.of("/run/secrets"), s.dir());
        assertEquals(0, s.fileCheckIntervalMillis());
        assertEquals(250, s.kubernetesTimeoutMillis());
        assertFalse(s.kubernetes());
    }

    @ParameterizedTest
    @CsvSource({"caravan.secrets.file-check-interval, 1s", "caravan.secrets.file-check-interval, -1",
            "caravan.secrets.kubernetes-timeout, soon"})
    void aBadNumberNamesTheSetting(String key, String value) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SecretsSettings.from(settings(Map.of(key, value)), Map.of(), noNamespaceFile()));
        assertEquals(key + " must be a number of milliseconds (0 or more), not \"" + value + "\"", e.getMessage());
    }
}
