package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import routes.protocol.Json;

/**
 * Collects the replies of a batch's messages into one JSON array (the body after the split);
 * notifications add nothing, so a batch of notifications leaves an empty array (HTTP 202).
 */
public final class McpBatchReplies implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        JsonNode reply = newExchange.getMessage().getBody(JsonNode.class);
        ArrayNode replies;
        if (oldExchange == null) {
            replies = Json.MAPPER.createArrayNode();
            newExchange.getMessage().setBody(replies);
        } else {
            replies = oldExchange.getMessage().getBody(ArrayNode.class);
        }
        if (reply != null) {
            replies.add(reply);
        }
        return oldExchange == null ? newExchange : oldExchange;
    }
}
