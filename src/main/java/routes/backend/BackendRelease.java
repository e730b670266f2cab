package routes.backend;

import routes.kernel.BackendSpec;
import routes.registry.BackendRegistry;
import routes.registry.RegistryChange;
import routes.registry.RegistryListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Frees what a removed or changed backend held once the registry no longer serves its spec: the
 * backend sessions of the clients' and of the prober's client, then the HTTP endpoints with their
 * connection pools (after the sessions, whose closing DELETE still goes through them).
 */
public final class BackendRelease implements RegistryListener {

    private final BackendRegistry registry;
    private final BackendClient client;
    private final BackendClient probeClient;
    private final UnaryOperator<BackendSpec> probeSpec;
    private final BackendHttpRequest http;

    /**
     * @param probeSpec the spec the prober uses for a served one (its own timeout)
     */
    public BackendRelease(BackendRegistry registry, BackendClient client, BackendClient probeClient,
                          UnaryOperator<BackendSpec> probeSpec, BackendHttpRequest http) {
        this.registry = registry;
        this.client = client;
        this.probeClient = probeClient;
        this.probeSpec = probeSpec;
        this.http = http;
    }

    /** On every change, not only removals: the HTTP step is told each time what is in use. */
    @Override
    public void registryChanged(RegistryChange change) {
        release();
    }

    /** Ends everything held for specs not served now; also call it when the probe settings change. */
    public void release() {
        List<BackendSpec> live = registry.list();
        List<BackendSpec> probed = live.stream().map(probeSpec).toList();
        client.retainOnly(live);
        probeClient.retainOnly(probed);
        List<BackendSpec> inUse = new ArrayList<>(live);
        inUse.addAll(probed);
        http.retainOnly(inUse);
    }
}
