package routes.ui;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import routes.protocol.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the status page under {@value #BASE}: the HTML, its script and style from the classpath
 * ({@code /ui/}, read once), and the JSON document they poll. Step of the status-page route: it
 * reads the request path from {@code CamelHttpPath} and the audience from the exchange property
 * {@link StatusAudience#PROPERTY}, and leaves the response (status, type, body) on the message.
 */
public final class StatusPage {

    public static final String BASE = "/caravan/";

    /** No framing, no script or style but our own, fetches to this origin only. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(String type, byte[] bytes) {
    }

    private final StatusSources sources;
    private final Map<String, Asset> assets;

    public StatusPage(StatusSources sources) {
        this.sources = sources;
        this.assets = Map.of(
                "", asset("index.html", "text/html; charset=utf-8"),
                "status.js", asset("status.js", "text/javascript; charset=utf-8"),
                "status.css", asset("status.css", "text/css; charset=utf-8"));
    }

    public void serve(Exchange exchange) {
        Message msg = exchange.getMessage();
        String path = msg.getHeader(Exchange.HTTP_PATH, "", String.class);
        StatusAudience audience = StatusAudience.of(exchange.getProperty(StatusAudience.PROPERTY));
        // request headers left on the message would be echoed back as response headers
        msg.getHeaders().clear();
        if (path.equals("/caravan")) {
            // the page's relative links need the trailing slash
            msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 308);
            msg.setHeader("Location", BASE);
            msg.setBody(new byte[0]);
            return;
        }
        String name = path.startsWith(BASE) ? path.substring(BASE.length()) : null;
        if ("status.json".equals(name)) {
            reply(msg, 200, "application/json", Json.bytes(StatusDocument.render(sources, audience)));
            return;
        }
        Asset asset = name == null ? null : assets.get(name.equals("index.html") ? "" : name);
        if (asset == null) {
            reply(msg, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        reply(msg, 200, asset.type(), asset.bytes());
    }

    private static void reply(Message msg, int status, String type, byte[] body) {
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, type);
        msg.setHeader("Cache-Control", "no-store");
        msg.setHeader("X-Content-Type-Options", "nosniff");
        msg.setHeader("Content-Security-Policy", CSP);
        msg.setHeader("Referrer-Policy", "no-referrer");
        msg.setBody(body);
    }

    private static Asset asset(String file, String type) {
        try (InputStream in = StatusPage.class.getResourceAsStream("/ui/" + file)) {
            if (in == null) {
                throw new IllegalStateException("status page asset /ui/" + file + " is missing from the classpath");
            }
            return new Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
