package routes.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.CallerIdentity;
import routes.kernel.Credential;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.io.IOException;
import java.time.Duration;
import java.text.ParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The front door's {@code incoming-auth} step: decides who the caller is and leaves it as the
 * exchange property {@link CallerIdentity#PROPERTY}; every later step uses that and nothing else.
 * The client's credentials ({@code Authorization}, {@code Cookie}, {@code X-API-Key}) are taken off
 * the message first, so no later step can pass them on by mistake (the MCP spec forbids token
 * passthrough); a bearer token is kept only inside the identity's {@link Credential}, for token
 * exchange.
 *
 * <p>Without OIDC and API keys every caller is anonymous. Otherwise a request needs either a
 * bearer JWT the provider signed (or an opaque token its introspection endpoint calls active), or
 * one of the configured API keys ({@code Authorization: Bearer <key>} or {@code X-API-Key}); a
 * request without is answered 401 with {@code WWW-Authenticate} pointing at the RFC 9728 metadata,
 * and goes no further. Why a token failed is logged at debug, never told to the client, and never
 * with the token.
 */
public final class IncomingAuth implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(IncomingAuth.class);
    /** JSON-RPC error code of a 401 (the server-defined range; MCP names none). */
    static final int UNAUTHORIZED = -32001;
    /** JSON-RPC error code of a 403 (ToolHive's authorization gate answers 403 too). */
    static final int FORBIDDEN = -32003;
    static final String API_KEY_HEADER = "X-API-Key";

    private final OidcSettings oidc;
    private final ApiKeys apiKeys;
    private final JwtCheck jwt;
    private final JwksKeys keys;
    private final Introspection introspection;
    private final ResourceUrls urls;
    private final String scopeParameter;
    private final List<String> requiredScopes;
    /**
     * JWTs verified already, by their text: a signature check costs 0.1-0.3 ms of CPU (RS256; ES256
     * more), more than the rest of a call, and a client sends the same token with every request.
     * Kept at most {@link #VERIFIED_KEEP} (a key the provider withdrew stops counting within it);
     * the expiry is checked on every use.
     */
    private final Cache<String, VerifiedJwt> verified = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(VERIFIED_KEEP).build();

    static final Duration VERIFIED_KEEP = Duration.ofMinutes(5);

    private record VerifiedJwt(CallerIdentity identity, long expiresAt) {
    }

    /** Anonymous callers only. */
    public IncomingAuth() {
        this(null, ApiKeys.NONE, null, List.of());
    }

    public IncomingAuth(OidcSettings oidc, ApiKeys apiKeys, String publicUrl) {
        this(oidc, apiKeys, publicUrl, List.of());
    }

    /**
     * @param oidc      the OIDC settings, or null
     * @param apiKeys   the static keys (may be empty)
     * @param publicUrl the gateway's public base URL (caravan.server.public-url), or null to use the
     *                  resource, else the request's Host
     * @param requiredScopes scopes every authenticated caller must hold (403 insufficient_scope otherwise)
     */
    public IncomingAuth(OidcSettings oidc, ApiKeys apiKeys, String publicUrl, List<String> requiredScopes) {
        this.oidc = oidc;
        this.apiKeys = apiKeys;
        this.requiredScopes = List.copyOf(requiredScopes);
        if (oidc != null) {
            OidcHttp http = new OidcHttp(oidc);
            this.keys = new JwksKeys(http, oidc.issuer(), oidc.jwksUrl(), System::currentTimeMillis);
            this.jwt = new JwtCheck(oidc, keys);
            this.introspection = new Introspection(oidc, http, () -> System.currentTimeMillis() / 1000);
            List<String> advertised = requiredScopes.isEmpty() ? oidc.scopes() : requiredScopes;
            this.scopeParameter = advertised.isEmpty() ? "" : ", scope=\"" + String.join(" ", advertised) + "\"";
        } else {
            this.keys = null;
            this.jwt = null;
            this.introspection = null;
            this.scopeParameter = requiredScopes.isEmpty() ? "" : ", scope=\"" + String.join(" ", requiredScopes) + "\"";
        }
        this.urls = new ResourceUrls(publicUrl, oidc == null ? null : oidc.resource());
    }

    /** True when anyone who reaches the port is let in (no OIDC, no API keys). */
    public boolean open() {
        return oidc == null && apiKeys.isEmpty();
    }

    /** The OIDC settings, or null (for the metadata document). */
    OidcSettings oidc() {
        return oidc;
    }

    ResourceUrls urls() {
        return urls;
    }

    /** How often the signing keys were read (tests check the refresh on an unknown key id). */
    public int keySetReads() {
        return keys == null ? 0 : keys.reads();
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String authorization = in.getHeader("Authorization", String.class);
        String apiKey = in.getHeader(API_KEY_HEADER, String.class);
        in.removeHeader("Authorization");
        in.removeHeader("Cookie");
        in.removeHeader(API_KEY_HEADER);
        String traceparent = in.getHeader("traceparent", String.class);
        String tracestate = in.getHeader("tracestate", String.class);
        if (open()) {
            exchange.setProperty(CallerIdentity.PROPERTY, CallerIdentity.anonymous(traceparent, tracestate));
            return;
        }
        CallerIdentity caller = authenticate(authorization, apiKey, traceparent, tracestate);
        if (caller == null) {
            unauthorized(exchange, authorization != null || apiKey != null);
            return;
        }
        if (!hasRequiredScopes(caller)) {
            challenge(exchange, 403, "insufficient_scope", "Forbidden: the credential lacks a scope this server requires");
            return;
        }
        exchange.setProperty(CallerIdentity.PROPERTY, caller);
    }

    /** The caller, or null when the request does not authenticate. */
    private CallerIdentity authenticate(String authorization, String apiKey, String traceparent, String tracestate) {
        if (apiKey != null) {
            return fromApiKey(apiKey.trim(), traceparent, tracestate);
        }
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty()) {
            return null;
        }
        if (oidc != null && looksLikeJwt(token)) {
            return fromJwt(token, traceparent, tracestate);
        }
        CallerIdentity byKey = apiKeys.isEmpty() ? null : fromApiKey(token, traceparent, tracestate);
        if (byKey != null || oidc == null) {
            return byKey;
        }
        return fromIntrospection(token, traceparent, tracestate);
    }

    private CallerIdentity fromApiKey(String key, String traceparent, String tracestate) {
        ApiKeys.Entry e = key.isEmpty() ? null : apiKeys.match(key);
        if (e == null) {
            LOG.debug("Incoming auth: an API key matched none configured");
            return null;
        }
        return new CallerIdentity(e.subject(), CallerIdentity.Kind.AUTHENTICATED, traceparent, tracestate, null,
                ApiKeys.ISSUER, e.claims());
    }

    private CallerIdentity fromJwt(String token, String traceparent, String tracestate) {
        VerifiedJwt known = verified.getIfPresent(token);
        if (known != null) {
            if (known.expiresAt() + oidc.clockSkew().toSeconds() >= System.currentTimeMillis() / 1000) {
                CallerIdentity c = known.identity();
                return new CallerIdentity(c.subject(), c.kind(), traceparent, tracestate, c.credential(), c.issuer(),
                        c.claims());
            }
            verified.invalidate(token);
            LOG.debug("Incoming auth: a bearer JWT was refused: expired");
            return null;
        }
        try {
            JWT parsed = JWTParser.parse(token);
            JWTClaimsSet claims = jwt.verify(parsed);
            CallerIdentity caller = authenticated(claims.getSubject(), claims.getIssuer(), claims.toJSONObject(), token,
                    traceparent, tracestate);
            verified.put(token, new VerifiedJwt(caller.withoutTrace(), claims.getExpirationTime().getTime() / 1000));
            return caller;
        } catch (ParseException | BadJOSEException | JOSEException e) {
            LOG.debug("Incoming auth: a bearer JWT was refused: {}", e.getMessage());
            return null;
        }
    }

    private CallerIdentity fromIntrospection(String token, String traceparent, String tracestate) {
        if (!introspection.enabled()) {
            LOG.debug("Incoming auth: an opaque bearer token was refused: no introspectionUrl is configured");
            return null;
        }
        try {
            Map<String, Object> claims = introspection.claims(token,
                    HexFormat.of().formatHex(ApiKeys.sha256(token)));
            if (claims == null || !(claims.get("sub") instanceof String sub) || sub.isBlank()) {
                LOG.debug("Incoming auth: introspection says the token is not active (or has no sub)");
                return null;
            }
            Object iss = claims.get("iss");
            return authenticated(sub, iss instanceof String s ? s : oidc.issuer(), claims, token, traceparent, tracestate);
        } catch (IOException e) {
            LOG.warn("Incoming auth: introspection failed: {}", e.getMessage());
            return null;
        }
    }

    private static CallerIdentity authenticated(String subject, String issuer, Map<String, Object> claims, String token,
                                                String traceparent, String tracestate) {
        Map<String, Object> kept = new HashMap<>();
        claims.forEach((k, v) -> {
            if (v != null) {
                kept.put(k, v);
            }
        });
        return new CallerIdentity(subject, CallerIdentity.Kind.AUTHENTICATED, traceparent, tracestate,
                new Credential("Bearer", token), issuer, kept);
    }

    /** OAuth's space-separated {@code scope}, or the {@code scp} list some providers use. */
    private boolean hasRequiredScopes(CallerIdentity caller) {
        if (requiredScopes.isEmpty()) {
            return true;
        }
        List<String> held = caller.claimValues("scope");
        List<String> scp = caller.claimValues("scp");
        for (String s : requiredScopes) {
            if (!held.contains(s) && !scp.contains(s)) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first;
    }

    /**
     * 401 with RFC 6750/9728's challenge: where the metadata is, the scopes, and invalid_token when
     * a credential was presented. The body is a JSON-RPC error without id (the body is not read yet).
     */
    private void unauthorized(Exchange exchange, boolean presented) {
        challenge(exchange, 401, presented ? "invalid_token" : null, presented
                ? "Unauthorized: the credential was not accepted (expired, not for this server, or unknown)"
                : "Unauthorized: this server needs a bearer token (see WWW-Authenticate) or an API key");
    }

    /** 401 or 403 with RFC 6750's challenge and a JSON-RPC error; the exchange stops here. */
    private void challenge(Exchange exchange, int status, String error, String message) {
        Message m = exchange.getMessage();
        String challenge = "Bearer resource_metadata=\"" + urls.metadataUrl(m) + "\"" + scopeParameter
                + (error != null ? ", error=\"" + error + "\"" : "");
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader("WWW-Authenticate", challenge);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(Json.bytes(JsonRpc.error(null, status == 401 ? UNAUTHORIZED : FORBIDDEN, message)));
        exchange.setRouteStop(true);
    }
}
