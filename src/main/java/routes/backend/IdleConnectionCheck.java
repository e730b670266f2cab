package routes.backend;

import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.util.TimeValue;

/**
 * Makes a backend endpoint's connection pool check a connection that has been idle for a while
 * before it is used again. A backend that restarted on the same address has closed every
 * connection the gateway pooled to it; sent on one of them, the next POST fails with
 * NoHttpResponseException, and HttpClient does not retry a POST. The check (a read of at most
 * 1 ms on the socket) runs only on connections idle longer than
 * {@value #PROPERTY} (HttpClient's own default is 2 s), so calls to a busy backend never pay it.
 */
final class IdleConnectionCheck {

    /** How often pooled connections idle longer than {@link #MAX_IDLE} are closed. */
    static final long IDLE_SWEEP_SECONDS = 30;
    private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(60);

    /** Milliseconds a pooled connection may be idle before it is checked; 0 checks every time. */
    static final String PROPERTY = "caravan.backend.validate-after-inactivity";

    private IdleConnectionCheck() {
    }

    /** Applies the check to a camel-http endpoint's pool; other endpoints are left alone. */
    static void apply(Endpoint endpoint) {
        if (endpoint instanceof HttpEndpoint http
                && http.getClientConnectionManager() instanceof PoolingHttpClientConnectionManager pool) {
            long millis = endpoint.getCamelContext().getPropertiesComponent().resolveProperty(PROPERTY)
                    .map(String::trim).map(Long::parseLong).orElse(1000L);
            // a copy of the defaults camel-http runs with, so only the check changes
            pool.setDefaultConnectionConfig(ConnectionConfig.copy(ConnectionConfig.DEFAULT)
                    .setValidateAfterInactivity(TimeValue.ofMilliseconds(millis)).build());
        }
    }

    /** Closes the pooled connections of a camel-http endpoint that have been idle for a minute. */
    static void closeIdle(Endpoint endpoint) {
        if (endpoint instanceof HttpEndpoint http
                && http.getClientConnectionManager() instanceof PoolingHttpClientConnectionManager pool) {
            pool.closeIdle(MAX_IDLE);
        }
    }
}
