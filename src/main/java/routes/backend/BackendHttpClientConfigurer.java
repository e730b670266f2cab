package routes.backend;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * How every backend's HTTP client behaves beyond camel-http's options: it follows only same-origin
 * redirects ({@link SameOriginRedirects}), resends a request once when a pooled connection
 * turns out to be closed ({@link StaleConnectionRetry}), and lets a client's cancel abort a request
 * still waiting for its answer ({@link CancellableExchanges}).
 */
public final class BackendHttpClientConfigurer implements HttpClientConfigurer {

    private final SameOriginRedirects redirects = new SameOriginRedirects();
    private final StaleConnectionRetry retry = new StaleConnectionRetry();
    private final CancellableExchanges cancellable;

    public BackendHttpClientConfigurer() {
        this(null);
    }

    /** @param sweep notices clients that go away while a backend has not started its answer (null: not watched) */
    public BackendHttpClientConfigurer(CallDeadlines sweep) {
        this.cancellable = new CancellableExchanges(sweep);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.setRedirectStrategy(redirects);
        builder.setRetryStrategy(retry);
        builder.addExecInterceptorFirst("caravan-cancellation", cancellable);
    }
}
