package routes.config;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.discovery.BackendAssembler;
import routes.kernel.BackendSpec;
import routes.testing.TestPki;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** caBundlePath and caBundleData in the config: parsed when loaded, at most one, carried to the spec. */
class CaBundleConfigTest {

    private static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCa() {
        pki = TestPki.create("Config Test CA");
    }

    @AfterAll
    static void removeCa() {
        pki.close();
    }

    private static String backend(String caLines) {
        return """
                name: gw
                backends:
                  - name: github
                    url: https://github.example.com/mcp
                    transport: streamable-http
                """ + caLines;
    }

    private static String inline(String pem) {
        return "    caBundleData: |\n" + pem.strip().indent(6);
    }

    @Test
    void inlinePemReachesTheBackendSpec() throws Exception {
        GatewayConfig config = ConfigLoader.parse(backend(inline(pki.caPem())), "gw.yaml");
        BackendSpec spec = BackendAssembler.assemble(config, java.util.Map.of()).specs().get(0);
        // keytool writes CRLF line ends; a YAML block scalar has LF
        assertEquals(pki.caPem().replace("\r", "").strip(), spec.caBundleData().strip());
        assertNull(spec.caBundlePath());
    }

    @Test
    void aPathToARealBundleIsAccepted() throws Exception {
        GatewayConfig config = ConfigLoader.parse(backend("    caBundlePath: " + pki.caPemFile() + "\n"), "gw.yaml");
        assertEquals(pki.caPemFile(), BackendAssembler.assemble(config, java.util.Map.of()).specs().get(0).caBundlePath());
        assertNull(BackendAssembler.assemble(config, java.util.Map.of()).specs().get(0).caBundleData());
    }

    @Test
    void bothAtOnceIsAnError() {
        String yaml = backend("    caBundlePath: " + pki.caPemFile() + "\n" + inline(pki.caPem()));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml"));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("backends[0] (name=github).caBundleData: set caBundlePath or caBundleData, not both", e.problems().get(0));
    }

    @Test
    void inlineDataThatIsNotPemNamesBackendAndField() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(backend("    caBundleData: \"not a certificate\"\n"), "gw.yaml"));
        assertEquals("backends[0] (name=github).caBundleData: is not a PEM CA bundle: holds no PEM certificate"
                + " (expected '-----BEGIN CERTIFICATE-----' blocks)", e.problems().get(0));
    }

    @Test
    void aFileThatIsNotPemNamesBackendFieldAndFile() throws Exception {
        Path key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(backend("    caBundlePath: " + key + "\n"), "gw.yaml"));
        assertEquals("backends[0] (name=github).caBundlePath: '" + key + "' is not a PEM CA bundle: PEM block 1 is a"
                + " 'PRIVATE KEY'; a CA bundle holds only CERTIFICATE blocks", e.problems().get(0));
    }

    @Test
    void inlineDataMustBeAString() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(backend("    caBundleData: [a, b]\n"), "gw.yaml"));
        assertTrue(e.getMessage().contains("backends[0] (name=github).caBundleData: must be a string"), e.getMessage());
    }
}
