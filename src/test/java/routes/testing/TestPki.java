package routes.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private certificate authority made at test time with the JDK's {@code keytool}, in a temp
 * folder: its certificate as PEM (what a user puts in caBundlePath or caBundleData), and server
 * identities it signs (PKCS12 key stores for an HTTPS test backend).
 */
public final class TestPki implements AutoCloseable {

    private static final String PASSWORD = "test-only-password";
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    /** A server's key store (key, certificate and the CA) for an HTTPS listener. */
    public record ServerIdentity(Path keyStore, String password) {
    }

    private final Path dir;
    private final Path caStore;
    private final Path caPem;
    private int servers;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
    }

    /** A fresh CA named {@code CN=<commonName>}. */
    public static TestPki create(String commonName) {
        try {
            TestPki pki = new TestPki(Files.createTempDirectory("caravan-pki"));
            pki.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + commonName, "-ext", "bc:c", "-validity", "2",
                    "-keystore", pki.caStore.toString(), "-storepass", PASSWORD);
            pki.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", pki.caStore.toString(),
                    "-storepass", PASSWORD, "-file", pki.caPem.toString());
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA certificate as a PEM file. */
    public Path caPemFile() {
        return caPem;
    }

    /** The CA certificate as PEM text. */
    public String caPem() {
        try {
            return Files.readString(caPem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server identity signed by this CA.
     *
     * @param subjectAltNames keytool SAN syntax, e.g. {@code ip:127.0.0.1,dns:localhost}
     */
    public synchronized ServerIdentity server(String subjectAltNames) {
        String n = "server" + (++servers);
        Path store = dir.resolve(n + ".p12");
        Path csr = dir.resolve(n + ".csr");
        Path cert = dir.resolve(n + ".crt");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=caravan test server", "-validity", "2",
                "-keystore", store.toString(), "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", cert.toString(), "-validity", "2",
                "-ext", "san=" + subjectAltNames, "-ext", "eku=serverAuth");
        // the CA first, so that keytool accepts the signed certificate as a reply with its chain
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", store.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-alias", "server", "-file", cert.toString(),
                "-keystore", store.toString(), "-storepass", PASSWORD);
        return new ServerIdentity(store, PASSWORD);
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(KEYTOOL.toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
