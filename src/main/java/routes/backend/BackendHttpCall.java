package routes.backend;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.support.EventHelper;
import org.apache.camel.support.GZIPHelper;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The HTTP step's send: the {@link OutboundRequest}'s method and target, the Camel headers the
 * pipeline left (less what {@link BackendHeaderFilter} never sends) and the body, on the HTTP
 * client of the backend's camel-http endpoint ({@link BackendHttpRequest}), so its pool, TLS
 * trust, redirects, stale-connection retry and cancellation are the endpoint's own. It leaves
 * what camel-http's producer would for the decoder: the status as {@code CamelHttpResponseCode},
 * the response headers the gateway reads, and the body as a stream read as it arrives. The send is
 * announced to Camel's event notifiers as a send to that endpoint, so that with tracing on Camel's
 * tracer makes the client span and the {@code traceparent} the backend gets, as for camel-http.
 *
 * <p>Why not camel-http's producer itself: per call it parses the target URI four times, runs
 * every request header and every response header through a filter that lower-cases each name, and
 * sends through {@code toD}'s dynamic endpoint resolution: doing without it took a fifth off the
 * gateway's CPU per call (bench/README.md).
 * An override of route backend-http can still send with {@code toD} to
 * {@code ${exchangeProperty.caravanHttpEndpoint}}, which {@link BackendHttpRequest} leaves.
 */
public final class BackendHttpCall implements Processor {

    private final BackendHeaderFilter headers;

    public BackendHttpCall(BackendHeaderFilter headers) {
        this.headers = headers;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        Endpoint endpoint = exchange.getProperty(BackendHttpRequest.ENDPOINT_PROPERTY, Endpoint.class);
        if (!(endpoint instanceof HttpEndpoint http)) {
            throw new IllegalStateException("exchange property " + BackendHttpRequest.ENDPOINT_PROPERTY
                    + " holds no camel-http endpoint (does an override of backend-http leave out backendHttpRequest?)");
        }
        // announced as Camel's own send to the endpoint is: with tracing on, Camel's tracer starts the
        // client span here and puts its traceparent on the message, and ends the span when it is sent
        CamelContext camel = exchange.getContext();
        boolean announce = camel.getCamelContextExtension().isEventNotificationApplicable();
        long started = 0;
        if (announce) {
            EventHelper.notifyExchangeSending(camel, exchange, http);
            started = System.nanoTime();
        }
        try {
            send(exchange, req, http);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (announce) {
            EventHelper.notifyExchangeSent(camel, exchange, http, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void send(Exchange exchange, OutboundRequest req, HttpEndpoint http) throws IOException {
        Message msg = exchange.getMessage();
        HttpUriRequestBase request = new HttpUriRequestBase(req.method().name(), req.target());
        String contentType = null;
        for (Map.Entry<String, Object> h : msg.getHeaders().entrySet()) {
            Object value = h.getValue();
            String name = h.getKey();
            if (value == null) {
                continue;
            }
            if (contentType == null && name.equalsIgnoreCase(Exchange.CONTENT_TYPE)) {
                // the entity carries it, as with camel-http
                contentType = value.toString();
            }
            if (headers.sends(name)) {
                addHeader(request, name, value);
            }
        }
        byte[] body = msg.getBody(byte[].class);
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, contentType == null ? null : ContentType.parse(contentType)));
        }
        HttpClient client = http.getHttpClient();
        ClassicHttpResponse response = client.executeOpen(null, request, HttpClientContext.create());
        // the decoder closes the body; this returns the connection if a step after this one failed first
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    response.close();
                } catch (IOException e) {
                    // the connection is discarded either way
                }
            }
        });
        msg.getHeaders().clear();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, response.getCode());
        for (Iterator<Header> it = response.headerIterator(); it.hasNext(); ) {
            Header h = it.next();
            String name = h.getName();
            if (BackendHeaderFilter.read(name)) {
                // Content-Type by Camel's spelling, whatever the backend's; a repeated header becomes a list
                String key = name.equalsIgnoreCase(Exchange.CONTENT_TYPE) ? Exchange.CONTENT_TYPE : name;
                msg.setHeader(key, appended(msg.getHeader(key), h.getValue()));
            }
        }
        msg.setBody(content(response));
    }

    private static Object appended(Object before, String value) {
        if (before == null) {
            return value;
        }
        List<Object> values = new ArrayList<>();
        if (before instanceof List<?> list) {
            values.addAll(list);
        } else {
            values.add(before);
        }
        values.add(value);
        return values;
    }

    /** A header value: a collection or an array as one header per element, anything else as its text. */
    private static void addHeader(HttpUriRequestBase request, String name, Object value) {
        if (value instanceof Iterable<?> values) {
            for (Object v : values) {
                if (v != null) {
                    request.addHeader(name, v.toString());
                }
            }
        } else if (value instanceof Object[] values) {
            addHeader(request, name, Arrays.asList(values));
        } else {
            request.addHeader(name, value.toString());
        }
    }

    private static InputStream content(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        InputStream in = entity == null ? null : entity.getContent();
        if (in == null) {
            return null;
        }
        Header encoding = response.getFirstHeader("Content-Encoding");
        return encoding == null ? in : GZIPHelper.uncompressGzip(encoding.getValue(), in);
    }
}
