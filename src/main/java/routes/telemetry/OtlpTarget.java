package routes.telemetry;

import routes.config.TelemetryConfig;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Where OTLP/HTTP goes: the collector's base URL from {@code telemetry.endpoint} (ToolHive writes
 * {@code host:port}, the scheme following {@code insecure}; a full URL is taken as written), the
 * headers sent with every export, and the trust for an https collector ({@code caCertPath}: only
 * the certificates of that PEM file, as ToolHive does; none: the JDK's trust store).
 *
 * @param base    the collector's URL without the signal path, e.g. {@code http://otel:4318}
 * @param headers sent with every export; values may be secrets and are never logged
 * @param tls     the trust for {@code caCertPath}, or null
 */
record OtlpTarget(String base, Map<String, String> headers, Tls tls) {

    /** An SSL context that trusts the CA file's certificates, with its trust manager (the OTel exporter wants both). */
    record Tls(SSLContext context, X509TrustManager trustManager) {
    }

    static OtlpTarget of(TelemetryConfig config) throws IOException {
        String endpoint = config.endpoint();
        String url = endpoint.contains("://") ? endpoint : (config.insecure() ? "http://" : "https://") + endpoint;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        // a URL that names a signal's path already is the collector's base plus that path
        for (String signal : new String[] {"/v1/traces", "/v1/metrics"}) {
            if (url.endsWith(signal)) {
                url = url.substring(0, url.length() - signal.length());
            }
        }
        Tls tls = null;
        if (!config.caCertPath().isBlank() && "https".equalsIgnoreCase(URI.create(url).getScheme())) {
            tls = trusting(Path.of(config.caCertPath()));
        }
        return new OtlpTarget(url, config.headers(), tls);
    }

    String traces() {
        return base + "/v1/traces";
    }

    String metrics() {
        return base + "/v1/metrics";
    }

    private static Tls trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("telemetry.caCertPath " + pem + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("otel-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            X509TrustManager trust = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    trust = x;
                }
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {trust}, null);
            return new Tls(ssl, trust);
        } catch (GeneralSecurityException e) {
            throw new IOException("telemetry.caCertPath " + pem + " is not a usable PEM bundle: " + e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
            throw new IOException("telemetry.caCertPath " + pem + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** For logs: where, and which header names (never their values). */
    @Override
    public String toString() {
        return base + (headers.isEmpty() ? "" : " with headers " + headers.keySet());
    }
}
