package routes.auth;

import org.apache.camel.Message;
import org.apache.camel.Exchange;

import java.net.URI;
import java.util.Locale;

/**
 * Where this gateway's RFC 9728 metadata document is, as clients must be told in
 * {@code WWW-Authenticate}: from {@code caravan.server.public-url} when set, else from the
 * configured resource when it is a URL (RFC 9728 §3.1: the well-known path goes between the host
 * and the resource's path), else from the request's Host header (the address the client used).
 */
final class ResourceUrls {

    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final String fixedMetadataUrl;
    private final String fixedResource;

    ResourceUrls(String publicUrl, String resource) {
        String base = trimSlash(publicUrl);
        URI r = httpUri(resource);
        if (base != null) {
            fixedResource = resource != null ? resource : base + "/mcp";
            fixedMetadataUrl = base + WELL_KNOWN + "/mcp";
        } else if (r != null) {
            fixedResource = resource;
            String path = r.getRawPath() == null || r.getRawPath().equals("/") ? "" : r.getRawPath();
            fixedMetadataUrl = r.getScheme() + "://" + r.getRawAuthority() + WELL_KNOWN + path;
        } else {
            fixedResource = resource;
            fixedMetadataUrl = null;
        }
    }

    String metadataUrl(Message request) {
        return fixedMetadataUrl != null ? fixedMetadataUrl : origin(request) + WELL_KNOWN + "/mcp";
    }

    /** The resource identifier: configured, or the MCP endpoint's URL as the client reached it. */
    String resource(Message request) {
        return fixedResource != null ? fixedResource : origin(request) + "/mcp";
    }

    private static String origin(Message request) {
        // platform-http leaves Host out of the headers; its absolute URL has the authority the client
        // used (Host, or HTTP/2's :authority)
        String host = authority(request.getHeader(Exchange.HTTP_URL, String.class));
        if (host == null || host.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x21)) {
            host = "localhost";
        }
        String proto = request.getHeader("X-Forwarded-Proto", String.class);
        String scheme = proto != null && proto.trim().toLowerCase(Locale.ROOT).equals("https") ? "https" : "http";
        return scheme + "://" + host;
    }

    private static String authority(String url) {
        if (url == null) {
            return null;
        }
        try {
            return new URI(url).getRawAuthority();
        } catch (Exception e) {
            return null;
        }
    }

    private static URI httpUri(String s) {
        if (s == null) {
            return null;
        }
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? u : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String trimSlash(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
