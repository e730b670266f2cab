package routes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.http.NettyHttpMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every request a fixture backend receives. Headers come from the raw Netty request,
 * not from Camel message headers, so the record shows exactly what crossed the wire (Camel's
 * inbound mapping would add its own headers and could drop some).
 */
final class FixtureRecorder implements Processor {

    /** Exchange property carrying the JSON-RPC method to the fault step. */
    static final String JSON_RPC_METHOD = "fixture.jsonRpcMethod";

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void process(Exchange exchange) {
        FullHttpRequest raw = exchange.getIn(NettyHttpMessage.class).getHttpRequest();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        raw.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(h.getValue()));
        headers.replaceAll((name, values) -> List.copyOf(values));
        byte[] body = exchange.getMessage().getBody(byte[].class);
        // Keep the bytes as the body: a stream body would be used up for the steps after us.
        exchange.getMessage().setBody(body);
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        String method = jsonRpcMethod(body);
        if (method != null) {
            exchange.setProperty(JSON_RPC_METHOD, method);
        }
        requests.add(new RecordedRequest(raw.method().name(), headers, method, text));
    }

    private String jsonRpcMethod(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode method = mapper.readTree(body).get("method");
            return method != null && method.isTextual() ? method.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }
}
