package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A streamable-HTTP backend session that speaks whichever revision the backend does, whatever
 * the client speaks: 2026-07-28 ({@link ModernHttpSession}) to a backend whose probe found it
 * modern, 2025-11-25 and earlier ({@link StreamableHttpSession}) to the others. The choice is made
 * on first use, from {@link BackendEras}, and made again after an answer that puts it in doubt.
 */
final class DualEraSession implements BackendSession {

    private final BackendSpec spec;
    private final OutboundSender sender;
    private final Pipeline.Purpose purpose;
    private final BackendEras eras;
    /** Makes the session for a backend that is not modern. */
    private final Supplier<BackendSession> legacy;
    /** The session works for a 2025-era client: a backend that speaks both revisions is spoken to in that one. */
    private final boolean legacyClient;
    private final ClientProfile profile;
    private final ModernHttpSession.Listening listening;
    private volatile BackendSession delegate;
    private volatile boolean closed;

    DualEraSession(BackendSpec spec, OutboundSender sender, Pipeline.Purpose purpose, BackendEras eras,
                   Supplier<BackendSession> legacy, boolean legacyClient, ClientProfile profile,
                   ModernHttpSession.Listening listening) {
        this.listening = listening;
        this.spec = spec;
        this.profile = profile;
        this.legacy = legacy;
        this.legacyClient = legacyClient;
        this.sender = sender;
        this.purpose = purpose;
        this.eras = eras;
    }

    @Override
    public BackendSpec spec() {
        return spec;
    }

    @Override
    public State state(CallerIdentity caller) {
        BackendSession d = delegate(caller);
        try {
            return d.state(caller);
        } catch (BackendException e) {
            throw eraInDoubt(d, e);
        }
    }

    @Override
    public JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink,
                         Cancellation cancellation) {
        BackendSession d = delegate(caller);
        try {
            return d.call(caller, method, params, sink, cancellation);
        } catch (BackendException e) {
            throw eraInDoubt(d, e);
        }
    }

    @Override
    public void send(CallerIdentity caller, ObjectNode message) {
        delegate(caller).send(caller, message);
    }

    /**
     * A backend that answers 400, 404 or 405 where its revision expects otherwise may have changed
     * revision (an upgrade behind the same URL): its era is forgotten, so the next use probes again.
     * The failed request is not repeated; the caller gets its error.
     */
    private BackendException eraInDoubt(BackendSession d, BackendException e) {
        int status = e.httpStatus();
        if (status == 400 || status == 404 || status == 405) {
            eras.forget(spec);
            synchronized (this) {
                if (delegate == d) {
                    delegate = null;
                    d.close();
                }
            }
        }
        return e;
    }

    @Override
    public void listen() {
        BackendSession d = delegate;
        if (d != null) {
            d.listen();
        }
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
                // a 2025-era client keeps what only that revision carries (requests to the client
                // during a call, subscriptions, a session log level) with a backend that speaks both
                delegate = era.modern() && !(legacyClient && era.legacyToo())
                        ? new ModernHttpSession(spec, sender, purpose, era.discover(), eras.headerTools(spec.name()), profile, listening)
                        : legacy.get();
            }
            if (closed) {
                delegate.close();
            }
            return delegate;
        }
    }
}
