package routes.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth token endpoint of the test's own (JDK HttpServer, real HTTP): it checks what a client
 * must send for RFC 8693 token exchange and for the client credentials grant (form encoding, grant
 * type, subject token and its type, client authentication by HTTP Basic against its registered
 * clients), issues numbered tokens with the lifetime set per audience, records every call, and
 * can refuse or be slow on demand.
 */
public final class TestTokenEndpoint implements AutoCloseable {

    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** One call as it arrived: the decoded form, the client it authenticated as (null if none), what it answered. */
    public record Call(Map<String, String> form, String clientId, String clientSecret, int status, String issued) {
        public String grantType() {
            return form.get("grant_type");
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, Integer> lifetimes = new ConcurrentHashMap<>();
    /** Which subject token each issued token was exchanged for. */
    private final Map<String, String> subjects = new ConcurrentHashMap<>();
    private final AtomicInteger serial = new AtomicInteger();
    private volatile int refuseWith;
    private volatile long delayMillis;

    private final String scheme;

    private TestTokenEndpoint(TestPki.ServerIdentity tls) throws IOException {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(at, 0);
            scheme = "http";
        } else {
            HttpsServer https = HttpsServer.create(at, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls)));
            server = https;
            scheme = "https";
        }
        server.createContext("/token", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public static TestTokenEndpoint start() throws IOException {
        return new TestTokenEndpoint(null);
    }

    /** The endpoint over HTTPS, with a certificate of the test's own CA. */
    public static TestTokenEndpoint startHttps(TestPki.ServerIdentity identity) throws IOException {
        return new TestTokenEndpoint(identity);
    }

    public String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    private static SSLContext sslContext(TestPki.ServerIdentity identity) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(identity.keyStore())) {
                store.load(in, identity.password().toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, identity.password().toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(keys.getKeyManagers(), null, null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the token endpoint", e);
        }
    }

    /** Registers a client that may authenticate with this secret. */
    public TestTokenEndpoint client(String id, String secret) {
        clients.put(id, secret);
        return this;
    }

    /** Tokens for this audience (or, for "", without one) live this many seconds (default 3600). */
    public TestTokenEndpoint lifetime(String audience, int seconds) {
        lifetimes.put(audience, seconds);
        return this;
    }

    /** From now on every call is answered with this HTTP status and {"error":"invalid_grant"}; 0 to issue again. */
    public TestTokenEndpoint refuseWith(int status) {
        this.refuseWith = status;
        return this;
    }

    /** Every answer waits this long (to make concurrent requests meet). */
    public TestTokenEndpoint delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Token exchange calls that issued a token for this subject token and audience. */
    public long exchanges(String subjectToken, String audience) {
        return calls.stream().filter(c -> TOKEN_EXCHANGE.equals(c.grantType()) && c.status() == 200
                && subjectToken.equals(c.form().get("subject_token")) && audience.equals(c.form().get("audience"))).count();
    }

    /** Client credentials calls of this client that issued a token. */
    public long clientCredentialsGrants(String clientId) {
        return calls.stream().filter(c -> "client_credentials".equals(c.grantType()) && c.status() == 200
                && clientId.equals(c.clientId())).count();
    }

    /** The subject token an issued token was exchanged for, or null. */
    public String subjectOf(String issuedToken) {
        return subjects.get(issuedToken);
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = parse(body);
            String[] basic = basic(http.getRequestHeaders().getFirst("Authorization"));
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String contentType = http.getRequestHeaders().getFirst("Content-Type");
            int status;
            String answer;
            String issued = null;
            if (!"POST".equals(http.getRequestMethod()) || contentType == null
                    || !contentType.startsWith("application/x-www-form-urlencoded")) {
                status = 400;
                answer = "{\"error\":\"invalid_request\"}";
            } else if (refuseWith != 0) {
                status = refuseWith;
                answer = "{\"error\":\"invalid_grant\",\"error_description\":\"refused by the test\"}";
            } else if (basic != null && !basic[1].equals(clients.get(basic[0]))) {
                status = 401;
                answer = "{\"error\":\"invalid_client\"}";
            } else if (TOKEN_EXCHANGE.equals(form.get("grant_type"))) {
                String subject = form.get("subject_token");
                if (subject == null || subject.isEmpty() || form.get("subject_token_type") == null) {
                    status = 400;
                    answer = "{\"error\":\"invalid_request\"}";
                } else {
                    issued = "xchg-" + serial.incrementAndGet();
                    subjects.put(issued, subject);
                    status = 200;
                    answer = token(issued, form.getOrDefault("audience", ""));
                }
            } else if ("client_credentials".equals(form.get("grant_type")) && basic != null) {
                issued = "cc-" + serial.incrementAndGet();
                status = 200;
                answer = token(issued, form.getOrDefault("audience", ""));
            } else {
                status = 400;
                answer = "{\"error\":\"unsupported_grant_type\"}";
            }
            calls.add(new Call(form, basic == null ? null : basic[0], basic == null ? null : basic[1], status, issued));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Content-Type", "application/json");
            http.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String token(String issued, String audience) {
        int lifetime = lifetimes.getOrDefault(audience, 3600);
        return "{\"access_token\":\"" + issued + "\",\"issued_token_type\":\"" + ACCESS_TOKEN_TYPE
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetime + "}";
    }

    /** RFC 6749 §2.3.1: Basic of the form-encoded id and secret; null when absent. */
    private static String[] basic(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return new String[] {URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)};
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    /** Stops answering: the port is closed, so callers see a refused connection. */
    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
