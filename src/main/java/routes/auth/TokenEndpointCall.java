package routes.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.kernel.BackendSpec;
import routes.protocol.Json;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@code token-endpoint} route's step: posts a {@link TokenRequest} (body) to its token endpoint
 * and leaves the {@link IssuedToken} as the body, or fails with a {@link TokenEndpointException}.
 * Every call has a connect and a response timeout; TLS trusts the system's CAs plus the backend's
 * CA bundle, if it has one. The form and the answer are never logged.
 */
public final class TokenEndpointCall implements Processor {

    /** Lifetime assumed when the endpoint gives no expires_in. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    /** A token is replaced this long before it expires, at most (a tenth of its lifetime for short ones). */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private final Function<BackendSpec, SSLContext> tls;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    /**
     * One client per trust (system only, or system plus a backend's bundle), so connections are
     * reused; made on first use, since each holds a selector thread and a gateway without token
     * endpoints never needs one.
     */
    private final Map<Object, HttpClient> clients = new ConcurrentHashMap<>();
    private static final Object SYSTEM_TRUST = new Object();

    /**
     * @param tls the TLS context for a backend's CA bundle (the same object for the same bundle), or
     *            null for a backend without one; it throws when the bundle cannot be read
     */
    public TokenEndpointCall(Function<BackendSpec, SSLContext> tls, Duration connectTimeout, Duration responseTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        TokenRequest req = exchange.getMessage().getMandatoryBody(TokenRequest.class);
        exchange.getMessage().setBody(fetch(req));
    }

    IssuedToken fetch(TokenRequest req) {
        HttpRequest.Builder http = HttpRequest.newBuilder(req.tokenUrl())
                .timeout(responseTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formOf(req.form())));
        if (req.clientId() != null && req.clientSecret() != null) {
            // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding
            String pair = encode(req.clientId()) + ":" + encode(req.clientSecret());
            http.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        String where = "token endpoint at " + req.tokenUrl().getHost();
        HttpResponse<InputStream> answer;
        try {
            answer = client(req.backend()).send(http.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new TokenEndpointException("the token endpoint did not answer in time",
                    where + " did not answer within " + responseTimeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new TokenEndpointException("the token endpoint is unreachable", where + " is unreachable (" + e + ")", e);
        } catch (SSLException e) {
            throw new TokenEndpointException("TLS with the token endpoint failed (is its CA in the backend's CA bundle"
                    + " or the system trust?)", where + ": TLS failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TokenEndpointException("the token endpoint could not be called (" + e.getClass().getSimpleName() + ")",
                    where + " could not be called: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenEndpointException("the token request was interrupted", where + ": interrupted", e);
        }
        JsonNode body = read(answer, where);
        int status = answer.statusCode();
        if (status < 200 || status > 299) {
            // RFC 6749 §5.2: error is a code from a fixed list, safe to show; its description is not
            String code = body == null ? "" : body.path("error").asText("");
            String named = code.matches("[a-z_]{1,40}") ? " (" + code + ")" : "";
            throw new TokenEndpointException("the token endpoint refused it: HTTP " + status + named,
                    where + " answered HTTP " + status + named, null);
        }
        String token = body == null ? "" : body.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new TokenEndpointException("the token endpoint's answer has no access_token",
                    where + " answered HTTP " + status + " without an access_token", null);
        }
        long seconds = body.path("expires_in").asLong(0);
        Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_LIFETIME;
        Duration margin = lifetime.dividedBy(10).compareTo(REFRESH_MARGIN) < 0 ? lifetime.dividedBy(10) : REFRESH_MARGIN;
        return new IssuedToken(token, System.nanoTime() + lifetime.minus(margin).toNanos());
    }

    private static JsonNode read(HttpResponse<InputStream> answer, String where) {
        try (InputStream in = answer.body()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES);
            return bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            if (answer.statusCode() >= 200 && answer.statusCode() <= 299) {
                throw new TokenEndpointException("the token endpoint's answer is not JSON",
                        where + " answered HTTP " + answer.statusCode() + " with something that is not JSON", e);
            }
            return null;
        }
    }

    private HttpClient client(BackendSpec backend) {
        SSLContext ssl;
        try {
            ssl = tls.apply(backend);
        } catch (RuntimeException e) {
            throw new TokenEndpointException("TLS cannot be set up (its CA bundle)", "TLS for the token endpoint: "
                    + e.getMessage(), e);
        }
        return clients.computeIfAbsent(ssl == null ? SYSTEM_TRUST : ssl, k -> newClient(ssl));
    }

    /** A client trusting {@code ssl}'s CAs, or the system's when it is null. */
    private HttpClient newClient(SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b.build();
    }

    private static String formOf(Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        form.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(encode(k)).append('=').append(encode(v));
        });
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
