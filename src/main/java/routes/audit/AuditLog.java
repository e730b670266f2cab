package routes.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.AuditConfig;
import routes.kernel.CallerIdentity;
import routes.protocol.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The audit log: one JSON line per answered MCP message, in the shape of ToolHive's audit events
 * (type, outcome, component, source, subjects, target, metadata.extra, data). It holds the config
 * in force and its sink, and follows config reloads. Recording never throws and never fails the
 * call it describes.
 *
 * <p>What never reaches a line: the caller's credential or any header value (the entry carries
 * none), the session id itself (a bearer capability for the session: only a short SHA-256 of it),
 * and, in request and response data, what {@link AuditScrubber} takes for a credential.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_ERROR_MESSAGE = 256;
    private static final List<String> USER_CLAIMS = List.of("name", "preferred_username", "email");

    private record Active(AuditConfig config, AuditSink sink) {
    }

    private volatile Active active;

    /** Puts a (re)loaded config's audit section in force; reopens the sink only when logFile changed. */
    public synchronized void apply(AuditConfig config) {
        Active old = active;
        if (!config.on()) {
            active = null;
            closeSink(old);
            return;
        }
        if (old != null && Objects.equals(old.config().logFile(), config.logFile())) {
            active = new Active(config, old.sink());
            return;
        }
        active = new Active(config, open(config.logFile()));
        closeSink(old);
    }

    /** True when an audit section is in force. */
    public boolean on() {
        return active != null;
    }

    /** Logs the entry's event, if the config's event types take it. */
    public void record(AuditEntry entry) {
        Active a = active;
        if (a == null) {
            return;
        }
        try {
            String type = AuditEventType.of(entry.method());
            if (a.config().audits(type)) {
                a.sink().write(Json.bytes(event(a.config(), type, entry)));
            }
        } catch (RuntimeException e) {
            LOG.warn("An audit event could not be written: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        closeSink(active);
        active = null;
    }

    static ObjectNode event(AuditConfig config, String type, AuditEntry e) {
        String now = Instant.now().toString();
        ObjectNode event = Json.object();
        event.put("time", now);
        event.put("msg", "audit_event");
        event.put("audit_id", auditId());
        event.put("type", type);
        event.put("logged_at", now);
        String outcome = AuditOutcome.of(e.reply(), config.detectApplicationErrors());
        event.put("outcome", outcome);
        event.put("component", config.component());
        source(event.putObject("source"), e);
        subjects(event.putObject("subjects"), e);
        target(event.putObject("target"), e);
        metadata(event.putObject("metadata").putObject("extra"), e, outcome);
        if (config.includeRequestData() || config.includeResponseData()) {
            ObjectNode data = Json.object();
            if (config.includeRequestData()) {
                capped(data, "request", e.request(), config.maxDataSize());
            }
            if (config.includeResponseData() && e.reply() != null) {
                capped(data, "response", e.reply(), config.maxDataSize());
            }
            if (!data.isEmpty()) {
                event.set("data", data);
            }
        }
        return event;
    }

    private static void source(ObjectNode source, AuditEntry e) {
        source.put("type", "network");
        source.put("value", e.remoteAddress() == null ? "" : e.remoteAddress());
        ObjectNode extra = source.putObject("extra");
        if (e.userAgent() != null) {
            extra.put("user_agent", AuditScrubber.text(e.userAgent()));
        }
        if (e.sessionId() != null) {
            extra.put("session_id_sha256", sessionHash(e.sessionId()));
        }
    }

    private static void subjects(ObjectNode subjects, AuditEntry e) {
        CallerIdentity caller = e.caller();
        String user = null;
        if (caller != null && caller.kind() == CallerIdentity.Kind.AUTHENTICATED) {
            subjects.put("user_id", caller.subject());
            if (caller.issuer() != null) {
                subjects.put("issuer", caller.issuer());
            }
            for (String claim : USER_CLAIMS) {
                if (caller.claims().get(claim) instanceof String s && !s.isBlank()) {
                    user = s;
                    break;
                }
            }
        }
        subjects.put("user", user != null ? user : caller != null && caller.kind() == CallerIdentity.Kind.AUTHENTICATED
                ? caller.subject() : "anonymous");
        if (e.clientName() != null) {
            subjects.put("client_name", e.clientName());
        }
        if (e.clientVersion() != null) {
            subjects.put("client_version", e.clientVersion());
        }
    }

    private static void target(ObjectNode target, AuditEntry e) {
        target.put("endpoint", "/mcp");
        target.put("method", e.method());
        if (e.target() != null) {
            target.put("name", e.target());
        }
        target.put("type", AuditEventType.targetType(e.method()));
    }

    private static void metadata(ObjectNode extra, AuditEntry e, String outcome) {
        extra.put("duration_ms", TimeUnit.NANOSECONDS.toMillis(e.durationNanos()));
        extra.put("transport", "streamable-http");
        if (e.protocolVersion() != null) {
            extra.put("mcp_version", e.protocolVersion());
        }
        if (e.backend() != null) {
            extra.put("backend_name", e.backend());
        }
        JsonNode error = e.reply() == null ? null : e.reply().get("error");
        if (error != null && error.isObject() && !AuditOutcome.SUCCESS.equals(outcome)) {
            extra.put("jsonrpc_error_code", error.path("code").asInt());
            String message = AuditScrubber.text(error.path("message").asText(""));
            extra.put("jsonrpc_error_message", message.length() > MAX_ERROR_MESSAGE
                    ? message.substring(0, MAX_ERROR_MESSAGE) : message);
        }
    }

    /** The scrubbed value when its JSON fits in maxDataSize bytes; else only its size (ToolHive drops it too). */
    private static void capped(ObjectNode data, String field, JsonNode value, int maxDataSize) {
        if (value == null) {
            return;
        }
        JsonNode scrubbed = AuditScrubber.scrub(value);
        int size = Json.bytes(scrubbed).length;
        if (size <= maxDataSize) {
            data.set(field, scrubbed);
        } else {
            data.put(field + "_omitted_bytes", size);
        }
    }

    /**
     * A random (version 4) UUID from the thread's own generator: an audit id must be unique, not
     * unguessable, and {@link UUID#randomUUID()} would take every request through one SecureRandom.
     */
    static String auditId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** A short, stable name for a session that does not let a reader of the log use it. */
    static String sessionHash(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static AuditSink open(String logFile) {
        if (logFile == null) {
            return new LoggerSink();
        }
        try {
            return new FileSink(Path.of(logFile));
        } catch (IOException | RuntimeException e) {
            // checked at load; it can still go away between the load and now
            LOG.error("Cannot open audit.logFile {} ({}); audit events go to the {} logger instead", logFile,
                    e.toString(), LoggerSink.NAME);
            return new LoggerSink();
        }
    }

    private static void closeSink(Active a) {
        if (a != null) {
            a.sink().close();
        }
    }
}
