package routes.backend;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * How every backend's HTTP client behaves beyond camel-http's options: it follows only same-origin
 * redirects ({@link SameOriginRedirects}) and resends a request once when a pooled connection
 * turns out to be closed ({@link StaleConnectionRetry}).
 */
public final class BackendHttpClientConfigurer implements HttpClientConfigurer {

    private final SameOriginRedirects redirects = new SameOriginRedirects();
    private final StaleConnectionRetry retry = new StaleConnectionRetry();

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.setRedirectStrategy(redirects);
        builder.setRetryStrategy(retry);
    }
}
