package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A streamable-HTTP backend session that speaks whichever revision the backend does, whatever
 * the client speaks: 2026-07-28 ({@link ModernHttpSession}) to a backend whose probe found it
 * modern, 2025-11-25 and earlier ({@link StreamableHttpSession}) to the others. The choice is made
 * on first use, from {@link BackendEras}.
 */
final class DualEraSession implements BackendSession {

    private final BackendSpec spec;
    private final OutboundSender sender;
    private final Pipeline.Purpose purpose;
    private final Executor notices;
    private final BackendEras eras;
    private volatile BackendSession delegate;
    private volatile boolean closed;

    DualEraSession(BackendSpec spec, OutboundSender sender, Pipeline.Purpose purpose, Executor notices, BackendEras eras) {
        this.spec = spec;
        this.sender = sender;
        this.purpose = purpose;
        this.notices = notices;
        this.eras = eras;
    }

    @Override
    public BackendSpec spec() {
        return spec;
    }

    @Override
    public State state(CallerIdentity caller) {
        return delegate(caller).state(caller);
    }

    @Override
    public JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink) {
        return delegate(caller).call(caller, method, params, sink);
    }

    @Override
    public void close() {
        closed = true;
        BackendSession d = delegate;
        if (d != null) {
            d.close();
        }
    }

    private BackendSession delegate(CallerIdentity caller) {
        BackendSession d = delegate;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (delegate == null) {
                BackendEras.Era era = eras.of(spec, sender, caller, purpose);
                delegate = era.modern()
                        ? new ModernHttpSession(spec, sender, purpose, era.discover(), eras.headerTools(spec.name()))
                        : new StreamableHttpSession(spec, sender, purpose, notices);
            }
            if (closed) {
                delegate.close();
            }
            return delegate;
        }
    }
}
