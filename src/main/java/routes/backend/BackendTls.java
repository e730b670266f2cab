package routes.backend;

import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import routes.kernel.BackendSpec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of one backend: the JVM's default trust plus the certificates of the backend's
 * PEM CA bundle ({@code caBundlePath} or {@code caBundleData}), over TLS 1.3 or 1.2 only. The
 * bundle is added, never a replacement, so a backend behind a public CA keeps working when a
 * bundle is set. Hostname verification is camel-http's (on by default) and is not touched here.
 */
public final class BackendTls {

    /** What the gateway offers a backend: TLS 1.2 is the minimum, as in ToolHive. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);
    private static final String BEGIN = "-----BEGIN ";

    private BackendTls() {
    }

    /** A CA bundle that cannot be used; the message says why, for the user who wrote it. */
    public static final class BundleException extends Exception {
        BundleException(String message) {
            super(message);
        }
    }

    /**
     * The certificates of a PEM bundle. Text between blocks (comments, as in system bundles) is
     * allowed; a block that is not a certificate, or a certificate that does not parse, is not.
     */
    public static List<X509Certificate> parsePem(String pem) throws BundleException {
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JVM has no X.509 support", e);
        }
        List<X509Certificate> certs = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            if (!m.group(1).equals(m.group(3))) {
                throw new BundleException("PEM block " + blocks + " begins as '" + m.group(1) + "' but ends as '" + m.group(3) + "'");
            }
            if (!m.group(1).equals("CERTIFICATE")) {
                throw new BundleException("PEM block " + blocks + " is a '" + m.group(1)
                        + "'; a CA bundle holds only CERTIFICATE blocks");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2).trim());
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new BundleException("certificate " + blocks + " is not a valid X.509 certificate ("
                        + e.getMessage() + ")");
            }
        }
        if (countBegins(pem) != blocks) {
            throw new BundleException("a '" + BEGIN + "...-----' line has no matching END line");
        }
        if (certs.isEmpty()) {
            throw new BundleException("holds no PEM certificate (expected '-----BEGIN CERTIFICATE-----' blocks)");
        }
        return List.copyOf(certs);
    }

    /** The certificates of a PEM bundle file. */
    public static List<X509Certificate> readPem(Path file) throws BundleException {
        String text;
        try {
            // Latin-1 never fails to decode: comments in a bundle may hold any bytes, certificates are ASCII
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BundleException("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parsePem(text);
    }

    /** The extra certificates a backend trusts: its bundle, read now, or none. */
    public static List<X509Certificate> bundleOf(BackendSpec spec) throws BundleException {
        if (spec.caBundleData() != null) {
            return parsePem(spec.caBundleData());
        }
        if (spec.caBundlePath() != null) {
            return readPem(spec.caBundlePath());
        }
        return List.of();
    }

    /**
     * TLS settings for camel-http's {@code sslContextParameters}: TLS 1.3 and 1.2 only, trusting
     * the JVM's default trust and, when given, these extra certificates as well.
     */
    public static SSLContextParameters contextParameters(List<X509Certificate> extra) {
        SSLContextParameters params = new SSLContextParameters();
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(new ArrayList<>(PROTOCOLS));
        params.setSecureSocketProtocols(protocols);
        if (!extra.isEmpty()) {
            // without trust managers, the context uses the JVM's default trust
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setTrustManager(trustManager(extra));
            params.setTrustManagers(trust);
        }
        return params;
    }

    /** One PKIX trust manager over the default anchors and the extra ones, as Go's SystemCertPool + AppendCertsFromPEM. */
    private static TrustManager trustManager(List<X509Certificate> extra) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (X509Certificate c : defaultAnchors()) {
                anchors.setCertificateEntry("default-" + i++, c);
            }
            i = 0;
            for (X509Certificate c : extra) {
                anchors.setCertificateEntry("bundle-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            return x509(tmf.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] defaultAnchors() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return x509(tmf.getTrustManagers()).getAcceptedIssuers();
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager tm : managers) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("the JVM offers no X.509 trust manager");
    }

    private static int countBegins(String pem) {
        int count = 0;
        for (int i = pem.indexOf(BEGIN); i >= 0; i = pem.indexOf(BEGIN, i + 1)) {
            count++;
        }
        return count;
    }
}
