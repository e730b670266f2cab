package routes.backend;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import routes.kernel.BackendException;
import routes.kernel.FailureCategory;

import java.io.IOException;

/**
 * Lets a client's cancel abort a backend request that still waits for the backend's response
 * head (many servers send nothing until the tool is done): outermost in HttpClient's exec chain,
 * it hands the request's own abort to the call's {@link Cancellation}. The HTTP step
 * ({@link BackendHttpCall}, or camel-http's producer in an override, which gives no handle on the
 * request it builds) sends it synchronously on the thread that ran {@link BackendHttpRequest} just
 * before, so that step leaves the cancellation here per thread
 * ({@link #next}) and this handler takes it: set and consumed within one call on one thread.
 */
final class CancellableExchanges implements ExecChainHandler {

    private static final ThreadLocal<OutboundRequest> NEXT = new ThreadLocal<>();

    private final CallDeadlines sweep;

    /** @param sweep notices a client that went away while the backend has not answered yet (null: not watched) */
    CancellableExchanges(CallDeadlines sweep) {
        this.sweep = sweep;
    }

    /** The request this thread sends next, if the client may cancel it. */
    static void next(OutboundRequest request) {
        if (request.cancellation() == null) {
            NEXT.remove();
        } else {
            NEXT.set(request);
        }
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        OutboundRequest outbound = NEXT.get();
        NEXT.remove();
        Cancellation cancellation = outbound == null ? null : outbound.cancellation();
        // camel-http's request (an HttpUriRequestBase): cancelling it aborts its connection
        if (cancellation == null || !(scope.originalRequest instanceof Cancellable abortable)) {
            return chain.proceed(request, scope);
        }
        cancellation.onCancel(abortable::cancel);
        // no deadline here (the socket's read timeout covers a silent backend): the sweep only asks
        // whether the client is still there
        try (CallDeadlines.Watch client = sweep == null ? null : sweep.watch(Long.MAX_VALUE, () -> { }, cancellation)) {
            return chain.proceed(request, scope);
        } catch (IOException | RuntimeException e) {
            if (!cancellation.cancelled()) {
                throw e;
            }
            throw new BackendException(outbound.backend().name(), FailureCategory.CANCELLED,
                    FailureCategory.CANCELLED.clientText(), "was not waited for: " + cancellation.reason(), e);
        } finally {
            // from the response head on, the decoder cuts the body off instead
            cancellation.onCancel(null);
        }
    }
}
