package routes.kamelets;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.SseReader;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Listens on an MCP server's GET stream on a thread of its own: initialize, subscribe to the
 * configured resources, then one exchange per notification (body: the notification as JSON text,
 * header {@value #METHOD}: its method). The server's pings are answered; other requests get
 * "method not found", since this client declares no capabilities. When the stream ends or fails
 * it opens it again after {@code reconnectDelay}, in a new session when the old one is gone.
 */
final class McpNotificationsConsumer extends DefaultConsumer {

    public static final String METHOD = "McpNotificationMethod";

    private static final Logger LOG = LoggerFactory.getLogger(McpNotificationsConsumer.class);

    private final McpNotificationsEndpoint endpoint;
    private ExecutorService thread;
    private volatile McpClientSession session;
    private volatile InputStream stream;

    McpNotificationsConsumer(McpNotificationsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        thread = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "mcp-notifications");
        thread.submit(this::listen);
    }

    @Override
    protected void doStop() throws Exception {
        InputStream s = stream;
        if (s != null) {
            // unblocks the reading thread
            s.close();
        }
        if (thread != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(thread);
            thread = null;
        }
        McpClientSession open = session;
        if (open != null) {
            open.close();
        }
        super.doStop();
    }

    private void listen() {
        Map<String, String> headers = endpoint.token().isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + endpoint.token());
        while (isRunAllowed() && !Thread.currentThread().isInterrupted()) {
            try {
                if (session == null) {
                    session = new McpClientSession(endpoint.getUrl(), Duration.ofMillis(endpoint.getTimeout()));
                    for (String uri : endpoint.subscriptions()) {
                        session.request("resources/subscribe", Json.object().put("uri", uri), headers, this::emit);
                    }
                }
                read(session.openEventStream(headers), headers);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!isRunAllowed()) {
                    return;
                }
                LOG.warn("MCP notifications from {}: {}; again in {} ms", endpoint.getUrl(), e.getMessage(), endpoint.getReconnectDelay());
                McpClientSession broken = session;
                session = null;
                if (broken != null) {
                    broken.close();
                }
            }
            if (!pause()) {
                return;
            }
        }
    }

    private void read(InputStream in, Map<String, String> headers) throws IOException, InterruptedException {
        stream = in;
        try (in) {
            SseReader events = McpClientSession.reader(in);
            for (SseReader.Event e = events.next(); e != null && isRunAllowed(); e = events.next()) {
                if (e.data().isBlank()) {
                    continue;
                }
                JsonNode msg = Json.MAPPER.readTree(e.data());
                if (JsonRpc.isNotification(msg)) {
                    emit(msg);
                } else if (JsonRpc.isRequest(msg)) {
                    session.respond(McpClientSession.serverRequestAnswer(msg), headers);
                }
            }
        } finally {
            stream = null;
        }
    }

    private void emit(JsonNode notification) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(Json.text(notification));
        exchange.getMessage().setHeader(METHOD, notification.path("method").asText());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing MCP notification", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    private boolean pause() {
        try {
            Thread.sleep(endpoint.getReconnectDelay());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
