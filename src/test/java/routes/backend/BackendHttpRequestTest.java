package routes.backend;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.HeaderForward;
import routes.kernel.Pipeline;
import routes.testing.TestPki;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which camel-http endpoint each backend spec gets: its own TLS for https, same-origin redirects for all. */
class BackendHttpRequestTest {

    private static final Pattern TLS_BEAN = Pattern.compile("sslContextParameters=#([^&]+)");

    private static TestPki pki;
    private final CamelContext camel = new DefaultCamelContext();
    private final BackendHttpRequest step = new BackendHttpRequest(10_000, camel);

    {
        camel.getRegistry().bind("caravanNoCookies", new org.apache.camel.component.http.NoopCookieStore());
        camel.getRegistry().bind(BackendHttpRequest.CLIENT_CONFIGURER_BEAN, new BackendHttpClientConfigurer());
        camel.getRegistry().bind(BackendHeaderFilter.BEAN, new BackendHeaderFilter());
    }

    @BeforeAll
    static void makeCa() {
        pki = TestPki.create("Endpoint Test CA");
    }

    @AfterAll
    static void removeCa() {
        pki.close();
    }

    private static BackendSpec spec(String url, Path caPath, String caData) {
        return new BackendSpec("b", URI.create(url), BackendSpec.Transport.STREAMABLE_HTTP, caPath, Duration.ofSeconds(5),
                HeaderForward.NONE, routes.kernel.AuthStrategy.UNAUTHENTICATED, caData);
    }

    private List<Endpoint> httpEndpoints() {
        return camel.getEndpoints().stream().filter(e -> e instanceof HttpEndpoint).toList();
    }

    private String endpointFor(BackendSpec spec) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(OutboundRequest.PROPERTY, new OutboundRequest(spec, CallerIdentity.GATEWAY, Pipeline.Purpose.CATALOG,
                OutboundRequest.Method.POST, spec.url(), new byte[0], null, "ping", null, false));
        step.process(exchange);
        return step.endpointUri(spec);
    }

    private static String tlsBean(String endpointUri) {
        Matcher m = TLS_BEAN.matcher(endpointUri);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void everyEndpointFollowsOnlySameOriginRedirects() {
        for (String url : List.of("http://127.0.0.1:9/mcp", "https://127.0.0.1:9/mcp")) {
            String uri = endpointFor(spec(url, null, null));
            assertTrue(uri.contains("followRedirects=true&httpClientConfigurer=#" + BackendHttpRequest.CLIENT_CONFIGURER_BEAN), uri);
        }
    }

    @Test
    void plainHttpGetsNoTlsSettingsAndHttpsAlwaysDoes() {
        assertNull(tlsBean(endpointFor(spec("http://127.0.0.1:9/mcp", null, null))));
        String bean = tlsBean(endpointFor(spec("https://127.0.0.1:9/mcp", null, null)));
        SSLContextParameters tls = camel.getRegistry().lookupByNameAndType(bean, SSLContextParameters.class);
        assertNotNull(tls, "no TLS settings bound as " + bean);
        assertEquals(BackendTls.PROTOCOLS, tls.getSecureSocketProtocols().getSecureSocketProtocol());
    }

    @Test
    void aBundleFileIsReadOncePerSpecAndAChangedBundleMakesANewEndpoint() throws Exception {
        Path file = Files.copy(pki.caPemFile(), Files.createTempFile("caravan-ca", ".pem"), StandardCopyOption.REPLACE_EXISTING);
        BackendSpec byFile = spec("https://127.0.0.1:9/mcp", file, null);
        String first = endpointFor(byFile);
        Files.delete(file);
        assertEquals(first, endpointFor(byFile), "the same spec must keep its endpoint without reading the file again");

        BackendSpec byData = spec("https://127.0.0.1:9/mcp", null, pki.caPem());
        String second = endpointFor(byData);
        assertNotEquals(first, second);
        assertNotEquals(tlsBean(first), tlsBean(second));

        // the retired spec's settings leave the registry; the live one's stay
        step.retainOnly(List.of(byData));
        assertNull(camel.getRegistry().lookupByName(tlsBean(first)));
        assertNotNull(camel.getRegistry().lookupByName(tlsBean(second)));
        assertEquals(second, endpointFor(byData));
    }

    @Test
    void aBundleThatBrokeSinceTheConfigWasLoadedIsAClearBackendError() throws Exception {
        Path file = Files.writeString(Files.createTempFile("caravan-ca", ".pem"), "no longer a certificate");
        try {
            BackendException e = assertThrows(BackendException.class,
                    () -> endpointFor(spec("https://127.0.0.1:9/mcp", file, null)));
            assertEquals("backend 'b' has an unusable CA bundle: caBundlePath '" + file + "' holds no PEM certificate"
                    + " (expected '-----BEGIN CERTIFICATE-----' blocks)", e.getMessage());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aRetiredSpecsEndpointLeavesCamelAfterItsTimeoutAndSoDoesOneARacingRequestMadeAgain() {
        BackendSpec live = spec("http://127.0.0.1:9/mcp", null, null);
        BackendSpec retired = spec("http://127.0.0.1:9/mcp", null, null).withTimeout(Duration.ofMillis(200));
        Endpoint liveEndpoint = camel.getEndpoint(endpointFor(live));
        Endpoint first = camel.getEndpoint(endpointFor(retired));
        assertNotEquals(liveEndpoint, first, "one endpoint per spec, never shared");

        step.retainOnly(List.of(live));
        assertNull(step.endpointUri(retired));
        assertTrue(httpEndpoints().contains(first), "kept while a request may still be waiting on it");
        // a request that was already under way reaches the HTTP step after the spec was retired
        Endpoint again = camel.getEndpoint(endpointFor(retired));
        assertNotEquals(first.getEndpointUri(), again.getEndpointUri(), "a new endpoint, never the retired one's URI");
        await().atMost(Duration.ofSeconds(5)).until(() -> httpEndpoints().equals(List.of(liveEndpoint)));
        assertTrue(((HttpEndpoint) first).isStopped());
        assertTrue(((HttpEndpoint) again).isStopped());
        assertEquals(liveEndpoint, camel.getEndpoint(endpointFor(live)));
    }
}
