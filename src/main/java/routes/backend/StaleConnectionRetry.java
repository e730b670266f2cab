package routes.backend;

import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

import java.io.IOException;

/**
 * Sends a request once more, at once, when the backend closed the connection without answering a
 * byte (NoHttpResponseException). On a pooled keep-alive connection that is the backend having
 * closed it before it read the request, typically a backend that restarted on the same address
 * within the pool's idle check ({@link IdleConnectionCheck}); HttpClient retries only idempotent
 * requests, and every MCP message is a POST. Browsers resend on a reused connection for the same
 * reason. A pool may hold a few idle connections to the backend (calls made at once, a session's
 * GET for its event stream), each closed by the restart, so the resend is repeated a few times:
 * each attempt discards one dead connection. Nothing else is retried (but for HttpClient's own
 * single retry of a 429 or 503 answer): not a timeout, a refused connection, a reset or a half answer.
 */
final class StaleConnectionRetry extends DefaultHttpRequestRetryStrategy {

    static final int MAX_RESENDS = 3;

    StaleConnectionRetry() {
        super(MAX_RESENDS, TimeValue.ZERO_MILLISECONDS);
    }

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return exception instanceof NoHttpResponseException && execCount <= MAX_RESENDS;
    }

    /**
     * The parent also asks again after a 429 or 503 answer, as often as its count allows: that
     * stays once, as it was before the count rose for dead connections.
     */
    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        return execCount <= 1 && super.retryRequest(response, execCount, context);
    }
}
