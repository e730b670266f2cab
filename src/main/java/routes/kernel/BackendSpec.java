package routes.kernel;

import routes.secrets.SecretRef;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One backend MCP server as the gateway knows it: where it is, how to talk to it, and how long to
 * wait. Immutable; the backend registry replaces the whole spec when its config changes.
 *
 * @param name          the workload name (unique; used for prefixes and in every error)
 * @param url           the MCP endpoint (streamable-http) or the SSE endpoint (sse)
 * @param transport     how the backend speaks MCP over HTTP
 * @param caBundlePath  PEM bundle to trust in addition to the system trust, or null
 * @param timeout       the longest any single request to this backend may take
 * @param headerForward headers added to every request to this backend (header-forward step)
 * @param auth          how the gateway authenticates to it (outgoing-auth step)
 * @param caBundleData  PEM bundle text to trust in addition to the system trust, or null; at most
 *                      one of caBundlePath and caBundleData is set
 */
public record BackendSpec(String name, URI url, Transport transport, Path caBundlePath, Duration timeout,
                          HeaderForward headerForward, AuthStrategy auth, String caBundleData) {

    public BackendSpec(String name, URI url, Transport transport, Path caBundlePath, Duration timeout) {
        this(name, url, transport, caBundlePath, timeout, HeaderForward.NONE, AuthStrategy.UNAUTHENTICATED, null);
    }

    /**
     * From the fields that tell backends apart, so hashing stays cheap on the request path (the
     * HTTP step looks its endpoint up by spec on every call); {@link #equals} still compares every
     * field, and equal specs have equal names, URLs and timeouts.
     */
    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + url.hashCode()) * 31 + timeout.hashCode();
    }

    /** Every secret this backend's requests read: forwarded headers from Secrets, and its auth's. */
    public List<SecretRef> secretRefs() {
        List<SecretRef> refs = new ArrayList<>(headerForward.fromSecret().values());
        if (auth instanceof AuthStrategy.HeaderInjection h && h.secret() != null) {
            refs.add(h.secret());
        }
        AuthStrategy.OAuthClient client = auth instanceof AuthStrategy.TokenExchange t ? t.client()
                : auth instanceof AuthStrategy.ClientCredentials c ? c.client() : null;
        if (client != null && client.secret() != null) {
            refs.add(client.secret());
        }
        return refs;
    }

    /** This backend with another request timeout (health probes use their own). */
    public BackendSpec withTimeout(Duration newTimeout) {
        return new BackendSpec(name, url, transport, caBundlePath, newTimeout, headerForward, auth, caBundleData);
    }

    public enum Transport {
        STREAMABLE_HTTP("streamable-http"), SSE("sse");

        private final String wireName;

        Transport(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Transport fromWireName(String value) {
            for (Transport t : values()) {
                if (t.wireName.equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown transport '" + value + "' (expected streamable-http or sse)");
        }
    }

    public BackendSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(timeout, "timeout");
        headerForward = headerForward == null ? HeaderForward.NONE : headerForward;
        auth = auth == null ? AuthStrategy.UNAUTHENTICATED : auth;
        if (caBundlePath != null && caBundleData != null) {
            throw new IllegalArgumentException("backend '" + name + "': set caBundlePath or caBundleData, not both");
        }
    }
}
