package routes.mcp;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** DELETE /mcp: ends the client's session; later requests with its id get 404. */
public final class McpSessionEnd implements Processor {

    private final SessionStore sessions;

    public McpSessionEnd(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) {
        sessions.end(McpExchange.session(exchange).id());
        HttpReply.empty(exchange, 204, null);
    }
}
