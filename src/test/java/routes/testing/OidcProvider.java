package routes.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.security.KeyStore;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An OpenID provider of the test's own, over real HTTP (the JDK's server on 127.0.0.1): discovery
 * at {@code /.well-known/openid-configuration}, the JWKS at {@code /jwks} (an RSA and an EC key the
 * test made) and RFC 7662 introspection at {@code /introspect} (Basic client auth checked; tokens
 * the test declared active, every other one inactive). It counts what it serves, and mints tokens.
 */
public final class OidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "caravan-gw";
    public static final String CLIENT_SECRET = "s3cret-introspection";

    private final HttpServer server;
    private final String issuer;
    public final RSAKey rsa;
    public final ECKey ec;
    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> activeTokens = new ConcurrentHashMap<>();
    public final AtomicInteger discoveryReads = new AtomicInteger();
    public final AtomicInteger jwksReads = new AtomicInteger();
    public final AtomicInteger introspections = new AtomicInteger();
    public final AtomicInteger badClientAuth = new AtomicInteger();

    private OidcProvider(TestPki.ServerIdentity tls) throws Exception {
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls)));
            server = https;
        }
        issuer = (tls == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        published.add(rsa.toPublicJWK());
        published.add(ec.toPublicJWK());
        server.createContext("/.well-known/openid-configuration", ex -> {
            discoveryReads.incrementAndGet();
            json(ex, 200, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\",\"introspection_endpoint\":\""
                    + issuer + "/introspect\"}");
        });
        server.createContext("/jwks", ex -> {
            jwksReads.incrementAndGet();
            json(ex, 200, new JWKSet(List.copyOf(published)).toString(true));
        });
        server.createContext("/introspect", this::introspect);
        server.start();
    }

    public static OidcProvider start() throws Exception {
        return new OidcProvider(null);
    }

    /** The same over HTTPS, with this identity (its CA is the one a client must trust). */
    public static OidcProvider startTls(TestPki.ServerIdentity identity) throws Exception {
        return new OidcProvider(identity);
    }

    private static SSLContext sslContext(TestPki.ServerIdentity identity) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(identity.keyStore())) {
            store.load(in, identity.password().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, identity.password().toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    public String issuer() {
        return issuer;
    }

    /** Declares an opaque token active, with these claims. */
    public void activate(String token, Map<String, Object> claims) {
        activeTokens.put(token, claims);
    }

    /** A JWT signed by the RSA key with the usual claims for this issuer and audience; {@code edit} changes them. */
    public String rsaToken(String subject, String audience, Consumer<JWTClaimsSet.Builder> edit) {
        try {
            return sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa.getKeyID(), claims(subject, audience, edit));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String ecToken(String subject, String audience) {
        try {
            return sign(new ECDSASigner(ec), JWSAlgorithm.ES256, ec.getKeyID(), claims(subject, audience, b -> { }));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public JWTClaimsSet claims(String subject, String audience, Consumer<JWTClaimsSet.Builder> edit) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("groups", List.of("engineers")).claim("scope", "mcp:tools");
        edit.accept(b);
        return b.build();
    }

    public static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void introspect(HttpExchange ex) throws IOException {
        introspections.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            badClientAuth.incrementAndGet();
            json(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = null;
        for (String pair : form.split("&")) {
            if (pair.startsWith("token=")) {
                token = java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        Map<String, Object> claims = token == null ? null : activeTokens.get(token);
        if (claims == null) {
            json(ex, 200, "{\"active\":false}");
            return;
        }
        StringBuilder body = new StringBuilder("{\"active\":true");
        claims.forEach((k, v) -> body.append(",\"").append(k).append("\":")
                .append(v instanceof Number ? v.toString() : "\"" + v + "\""));
        json(ex, 200, body.append('}').toString());
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
