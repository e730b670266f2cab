package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.ProtocolVersions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which revision each streamable-HTTP backend speaks, found once by a modern-first probe (as
 * ToolHive's vMCP does): a POST server/discover in the 2026-07-28 shape. A discover result that
 * lists 2026-07-28, or a modern error naming it among the supported versions, makes the backend
 * modern; any other answer (a legacy server's 400 for the missing session, 404, 405) legacy. The
 * answer is kept per backend until its spec changes; a failure to reach it (or a 5xx) is not an
 * answer, so the next session asks again.
 */
final class BackendEras {

    /**
     * What the probe learnt; {@code discover} is the result when the backend is modern, else null;
     * {@code legacyToo}: a modern backend that also speaks an earlier revision (its discover lists one).
     */
    record Era(boolean modern, JsonNode discover, boolean legacyToo) {
        static final Era LEGACY = new Era(false, null, false);
    }

    private record Known(BackendSpec spec, Era era) {
    }

    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, JsonNode>> headerTools = new ConcurrentHashMap<>();

    /** The backend's tools whose arguments go into Mcp-Param-* headers, kept from its tools/list answers. */
    Map<String, JsonNode> headerTools(String backend) {
        return headerTools.computeIfAbsent(backend, b -> new ConcurrentHashMap<>());
    }

    /** The backend's era: remembered, or probed now (through the pipeline, for this caller and purpose). */
    Era of(BackendSpec spec, OutboundSender sender, CallerIdentity caller, Pipeline.Purpose purpose) {
        Known k = known.get(spec.name());
        if (k != null && k.spec().equals(spec)) {
            return k.era();
        }
        JsonNode id = McpClientMessages.id(0);
        OutboundRequest req = ModernHttpSession.request(spec, caller, purpose, id, "server/discover", Json.object(), null);
        BackendReply reply = sender.send(req);
        Era era = judge(reply);
        if (reply.status() < 500) {
            known.put(spec.name(), new Known(spec, era));
        }
        return era;
    }

    /** Forgets what was learnt of this backend (if it is still that spec): its next session probes again. */
    void forget(BackendSpec spec) {
        known.computeIfPresent(spec.name(), (name, k) -> k.spec().equals(spec) ? null : k);
    }

    static Era judge(BackendReply reply) {
        JsonNode msg = reply.message();
        if (msg == null) {
            return Era.LEGACY;
        }
        if (reply.ok() && msg.path("result").path("supportedVersions").isArray()) {
            JsonNode versions = msg.path("result").path("supportedVersions");
            return speaks(versions) ? new Era(true, msg.get("result"), speaksLegacy(versions)) : Era.LEGACY;
        }
        JsonNode error = msg.path("error");
        if (error.path("code").asInt() == JsonRpc.UNSUPPORTED_PROTOCOL_VERSION
                && speaks(error.path("data").path("supported"))) {
            return new Era(true, null, speaksLegacy(error.path("data").path("supported")));
        }
        return Era.LEGACY;
    }

    private static boolean speaksLegacy(JsonNode versions) {
        for (JsonNode v : versions) {
            if (ProtocolVersions.isLegacy(v.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean speaks(JsonNode versions) {
        for (JsonNode v : versions) {
            if (ProtocolVersions.isModern(v.asText())) {
                return true;
            }
        }
        return false;
    }
}
