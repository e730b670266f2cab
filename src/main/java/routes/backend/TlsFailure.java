package routes.backend;

import routes.kernel.BackendSpec;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Says in words a user can act on why the TLS handshake with a backend failed: the JSSE
 * exceptions name internal classes ("PKIX path building failed") and not the setting to change.
 */
final class TlsFailure {

    private TlsFailure() {
    }

    /**
     * The reason, after "TLS failed: ".
     *
     * @param internals whether it may name the backend's host and the TLS library's own words (for
     *                  the log), or not (for a client)
     */
    static String reason(BackendSpec backend, SSLException failure, boolean internals) {
        boolean hasBundle = backend.caBundlePath() != null || backend.caBundleData() != null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException
                    || (t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED)) {
                return "the server's certificate has expired";
            }
            if (t instanceof CertificateNotYetValidException
                    || (t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return "the server's certificate is not valid yet";
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return hasBundle
                        ? "the server's certificate is not trusted by the backend's CA bundle or the system trust"
                        + " (check that " + (backend.caBundlePath() != null ? "caBundlePath" : "caBundleData")
                        + " holds the CA that issued it)"
                        : "the server's certificate is not trusted (set caBundlePath or caBundleData)";
            }
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (failure instanceof SSLPeerUnverifiedException || lower.contains("subject alternative name")) {
            return internals ? "the server's certificate does not name host '" + backend.url().getHost() + "'"
                    : "the server's certificate does not name the backend's host";
        }
        if (lower.contains("protocol_version") || lower.contains("no appropriate protocol")) {
            return "the server offers no protocol the gateway accepts (TLS 1.2 or 1.3)";
        }
        if (lower.contains("unrecognized ssl message") || lower.contains("plaintext connection")) {
            return "the server did not answer TLS (is it plain HTTP? then use an http:// URL)";
        }
        if (!internals) {
            // the library's own words may name the host
            return "the handshake failed (" + failure.getClass().getSimpleName() + ")";
        }
        return message.isEmpty() ? failure.getClass().getSimpleName() : message;
    }
}
