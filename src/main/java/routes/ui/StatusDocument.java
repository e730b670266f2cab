package routes.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.catalog.Catalog;
import routes.catalog.CatalogEntry;
import routes.config.AggregationConfig;
import routes.config.ConfigStatus;
import routes.health.HealthSnapshot;
import routes.protocol.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * The JSON document behind the status page ({@code /caravan/status.json}): the gateway's phase,
 * the backends, the aggregated tools with their origin, the config in force (and a newer one that
 * was rejected), and the client sessions. Built from one snapshot of each state owner per request.
 * Secret values are never in it; for the public audience, neither are URLs, error texts, the
 * config's path nor session ids.
 */
public final class StatusDocument {

    /** Sessions listed at most (newest first); the count is always the whole. */
    static final int MAX_SESSIONS_LISTED = 100;
    /** Characters of a session id the operator sees: enough to tell sessions apart in the log. */
    static final int SESSION_ID_SHOWN = 8;

    private StatusDocument() {
    }

    public static ObjectNode render(StatusSources s, StatusAudience audience) {
        Instant now = s.clock().instant();
        HealthSnapshot health = s.health().snapshot();
        Catalog catalog = s.catalog().catalog();
        ObjectNode doc = Json.object().put("generatedAt", now.toString()).put("audience", audience.wireName());
        doc.putObject("gateway").put("name", s.serverName()).put("version", s.version())
                .put("phase", health.phase().wireName()).put("ready", health.phase().ready())
                .put("message", health.message());
        BackendRows.render(doc.putArray("backends"), health.backends(), s.registry().snapshot(), catalog,
                s.catalog().failures(), audience);
        tools(doc.putArray("tools"), catalog);
        config(doc.putObject("config"), s, audience);
        sessions(doc.putObject("sessions"), s.sessions().get(), now, audience);
        return doc;
    }

    private static void tools(ArrayNode list, Catalog catalog) {
        for (CatalogEntry e : catalog.tools()) {
            list.addObject().put("name", e.advertisedName()).put("backend", e.backend()).put("originalName", e.originalName());
        }
    }

    private static void config(ObjectNode out, StatusSources s, StatusAudience audience) {
        AggregationConfig aggregation = s.catalog().settings();
        ConfigStatus.View config = s.config().current();
        if (config.loadedAt() != null) {
            if (audience == StatusAudience.OPERATOR) {
                out.put("source", config.source());
            }
            out.put("name", config.name()).put("group", config.groupRef()).put("mode", config.mode())
                    .put("loadedAt", config.loadedAt().toString());
        }
        out.put("conflictResolution", aggregation.conflictResolution().wireName());
        if (aggregation.conflictResolution() == AggregationConfig.ConflictStrategy.PREFIX) {
            out.put("prefixFormat", aggregation.conflictResolutionConfig().prefixFormat());
        }
        if (audience == StatusAudience.OPERATOR) {
            ArrayNode notRouted = out.putArray("notRouted");
            new TreeMap<>(s.notRouted().get())
                    .forEach((backend, reason) -> notRouted.addObject().put("backend", backend).put("reason", reason));
        }
        // a newer config that was refused while this one stays in force; its problems may quote the
        // file, so only the operator sees them
        ConfigStatus.Rejection rejected = config.rejected();
        if (rejected == null) {
            out.putNull("rejected");
        } else {
            ObjectNode r = out.putObject("rejected").put("at", rejected.at().toString());
            if (audience == StatusAudience.OPERATOR) {
                rejected.problems().forEach(r.putArray("problems")::add);
            }
        }
    }

    private static void sessions(ObjectNode out, List<SessionView> sessions, Instant now, StatusAudience audience) {
        out.put("count", sessions.size());
        ArrayNode list = out.putArray("list");
        for (SessionView v : sessions.subList(0, Math.min(sessions.size(), MAX_SESSIONS_LISTED))) {
            ObjectNode row = list.addObject();
            if (audience == StatusAudience.OPERATOR) {
                row.put("id", v.id().substring(0, Math.min(SESSION_ID_SHOWN, v.id().length())) + "…");
            }
            row.put("ageSeconds", seconds(v.created(), now)).put("idleSeconds", seconds(v.lastSeen(), now));
            v.backends().forEach(row.putArray("backends")::add);
        }
    }

    private static long seconds(Instant from, Instant now) {
        return Math.max(0, Duration.between(from, now).toSeconds());
    }
}
