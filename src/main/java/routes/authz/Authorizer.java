package routes.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.CallerIdentity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one owner of the authorization policy in force: the config source sets it ({@link #apply}),
 * the front door asks it. Lists are filtered once per caller key (the rules that apply to the
 * caller, or for Cedar the caller's subject and claims) and catalog version, and reused until either
 * changes, so a tools/list costs a map lookup after the first; Cedar's call decisions are cached the
 * same way unless a policy reads the arguments. Caches are bounded: full, they start over.
 */
public final class Authorizer {

    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);
    private static final int MAX_CACHED = 10_000;

    private record ListKey(Object caller, String list, long catalogVersion) {
    }

    private record CallKey(Object caller, Feature feature, String name) {
    }

    /** A policy with the caches that belong to it: a new policy starts with empty ones. */
    private record Generation(AuthzSpec spec, String serverName, Policy policy, Map<ListKey, List<ObjectNode>> lists,
                              Map<CallKey, Boolean> calls) {

        Generation(AuthzSpec spec, String serverName, Policy policy) {
            this(spec, serverName, policy, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    private volatile Generation current = new Generation(AuthzSpec.NONE, "", Policy.ALLOW_ALL);

    /** Puts this section in force (a no-op when it did not change). */
    public synchronized void apply(AuthzSpec spec, String serverName) throws AuthzSpecException {
        Generation now = current;
        if (now.spec().equals(spec) && now.serverName().equals(serverName)) {
            return;
        }
        current = new Generation(spec, serverName, Policies.compile(spec, serverName));
        LOG.info("Authorization: {}", spec.type() == AuthzSpec.Type.NONE ? "none, every caller may use everything advertised"
                : spec.type().name().toLowerCase() + " policy in force");
    }

    /** False under type none: nothing is filtered or refused. */
    public boolean active() {
        return current.policy() != Policy.ALLOW_ALL;
    }

    /** May the caller use this thing (tools/call, prompts/get, resources/read and what refers to one)? */
    public boolean allows(CallerIdentity caller, Feature feature, String name, ObjectNode definition, JsonNode arguments) {
        Generation g = current;
        Policy p = g.policy();
        if (p == Policy.ALLOW_ALL) {
            return true;
        }
        if (!p.cacheDecisions() || p.readsArguments() && arguments != null && !arguments.isEmpty()) {
            return p.allows(caller, feature, name, definition, arguments);
        }
        CallKey key = new CallKey(p.callerKey(caller), feature, name);
        Boolean cached = g.calls().get(key);
        if (cached == null) {
            cached = p.allows(caller, feature, name, definition, null);
            bounded(g.calls()).put(key, cached);
        }
        return cached;
    }

    /**
     * The items of one list the caller may use, in order.
     *
     * @param list         the list method (tools/list, ...), part of the cache key
     * @param nameField    the field holding each item's name: name, uri or uriTemplate
     */
    public List<ObjectNode> visible(CallerIdentity caller, String list, Feature feature, String nameField,
                                    long catalogVersion, List<ObjectNode> items) {
        Generation g = current;
        Policy p = g.policy();
        if (p == Policy.ALLOW_ALL || items.isEmpty()) {
            return items;
        }
        ListKey key = new ListKey(p.callerKey(caller), list, catalogVersion);
        List<ObjectNode> cached = g.lists().get(key);
        if (cached == null) {
            List<ObjectNode> out = new ArrayList<>(items.size());
            for (ObjectNode item : items) {
                if (p.allows(caller, feature, item.path(nameField).asText(), item, null)) {
                    out.add(item);
                }
            }
            cached = List.copyOf(out);
            bounded(g.lists()).put(key, cached);
        }
        return cached;
    }

    private static <K, V> Map<K, V> bounded(Map<K, V> cache) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        return cache;
    }
}
