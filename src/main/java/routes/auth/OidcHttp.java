package routes.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * The gateway's requests to its OIDC provider (discovery, JWKS, introspection): each with connect
 * and read timeouts, no redirects, a size limit, https unless insecureAllowHttp, and no private or
 * loopback address unless allowed (ToolHive's rule: an attacker-chosen issuer must not make the
 * gateway probe its own network). The address is checked on the name's resolution just before the
 * request; the JDK client resolves it again, so this is a guard against configuration mistakes and
 * plain SSRF, not against DNS rebinding.
 */
final class OidcHttp {

    /** A JWKS or discovery document larger than this is not a provider's answer. */
    static final int MAX_BYTES = 1 << 20;

    private final HttpClient client;
    private final Duration timeout;
    private final boolean allowPrivateIp;
    private final boolean allowHttp;

    OidcHttp(OidcSettings s) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(s.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (s.tls() != null) {
            b.sslContext(s.tls());
        }
        this.client = b.build();
        this.timeout = s.timeout();
        this.allowPrivateIp = s.allowPrivateIp();
        this.allowHttp = s.insecureAllowHttp();
    }

    /** The reason a fetch failed, without the response body (it could echo a secret). */
    static final class FetchException extends IOException {
        FetchException(String message) {
            super(message);
        }

        FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    String get(String url) throws FetchException {
        return send(HttpRequest.newBuilder(check(url)).timeout(timeout).header("Accept", "application/json").GET().build(),
                url);
    }

    /** A form POST with HTTP Basic client authentication when a client id and secret are given. */
    String postForm(String url, String form, String clientId, String clientSecret) throws FetchException {
        HttpRequest.Builder b = HttpRequest.newBuilder(check(url)).timeout(timeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (clientId != null && clientSecret != null) {
            // RFC 6749 2.3.1: both parts form-encoded before Basic
            String pair = Forms.encode(clientId) + ":" + Forms.encode(clientSecret);
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return send(b.build(), url);
    }

    private String send(HttpRequest request, String url) throws FetchException {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new FetchException(url + " could not be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(url + " could not be read: interrupted");
        }
        if (response.statusCode() != 200) {
            throw new FetchException(url + " answered HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_BYTES) {
            throw new FetchException(url + " answered more than " + MAX_BYTES + " bytes");
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private URI check(String url) throws FetchException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new FetchException("'" + url + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
            throw new FetchException(url + " is not https (set insecureAllowHttp: true for development only)");
        }
        if (uri.getHost() == null) {
            throw new FetchException("'" + url + "' has no host");
        }
        if (!allowPrivateIp) {
            try {
                for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                    if (isPrivate(a)) {
                        throw new FetchException(url + " resolves to a private or loopback address (" + a.getHostAddress()
                                + "); set jwksAllowPrivateIp: true if the provider is internal");
                    }
                }
            } catch (UnknownHostException e) {
                throw new FetchException(url + " could not be read: unknown host");
            }
        }
        return uri;
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128); // this network; carrier-grade NAT
        }
        return (b[0] & 0xfe) == 0xfc; // IPv6 unique local fc00::/7
    }
}
