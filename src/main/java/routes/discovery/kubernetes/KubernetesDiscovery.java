package routes.discovery.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.BackendConfig;
import routes.config.GatewayConfig;
import routes.discovery.BackendAssembler;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.registry.BackendRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Kubernetes source of the backend registry: the MCPServerEntries, MCPServers and
 * MCPRemoteProxies of the gateway's group, in one namespace, as backends.
 *
 * <p>It keeps its own copy of the resources, fed two ways: watch events (the
 * {@code discovery-kubernetes} route, one per change, at once) and full lists (the
 * {@code discovery-resync} route, every period). After each, every workload is converted again and
 * the source's whole set handed to the registry, which publishes only what changed; a resource
 * whose conversion fails for a passing reason (the API did not answer) keeps the backend it gave
 * before. The lists also make up for a watch that died without a word (fabric8 ends a watch on
 * HTTP 410 Gone): a list that finds what the watches did not say is reported, and the watches
 * restarted.
 *
 * <p>The view is incomplete until the first list has answered, and again when the last answered
 * list is older than two periods: {@link #pending()} says so, and the gateway is not ready then.
 */
public final class KubernetesDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesDiscovery.class);

    /** The kinds in the order ToolHive looks a name up: an MCPServer wins over a proxy, a proxy over an entry. */
    private static final List<WorkloadKind> WORKLOADS = List.of(WorkloadKind.MCP_SERVER, WorkloadKind.MCP_REMOTE_PROXY,
            WorkloadKind.MCP_SERVER_ENTRY);

    private final KubernetesClient client;
    private final String namespace;
    private final BackendRegistry registry;
    private final Supplier<GatewayConfig> config;
    private final EntryGate entryGate;
    private final Clock clock;
    private final Duration resyncInterval;
    private final Runnable watchesMissedChanges;

    /** kind → name → resource as JSON; guarded by this. */
    private final Map<WorkloadKind, Map<String, JsonNode>> resources = new EnumMap<>(WorkloadKind.class);
    /** ConfigMap name → data (empty Optional: there is none), read on demand, forgotten at each list. */
    private final Map<String, Optional<Map<String, String>>> configMaps = new HashMap<>();
    private Map<String, String> skipped = Map.of();
    private volatile Instant lastList;
    private volatile String lastListFailure;
    private boolean groupMissingReported;
    private boolean missedLastTime;

    /**
     * @param config               the config in force (its groupRef, outgoingAuth and timeouts)
     * @param watchesMissedChanges called when a list finds changes no watch reported
     */
    public KubernetesDiscovery(KubernetesClient client, String namespace, BackendRegistry registry,
                               Supplier<GatewayConfig> config, EntryGate entryGate, Clock clock, Duration resyncInterval,
                               Runnable watchesMissedChanges) {
        this.client = client;
        this.namespace = namespace;
        this.registry = registry;
        this.config = config;
        this.entryGate = entryGate;
        this.clock = clock;
        this.resyncInterval = resyncInterval;
        this.watchesMissedChanges = watchesMissedChanges;
        for (WorkloadKind k : WorkloadKind.values()) {
            resources.put(k, new TreeMap<>());
        }
    }

    public String namespace() {
        return namespace;
    }

    /**
     * One watch event, as the {@code kubernetes-custom-resources} consumer gives it.
     *
     * @param plural the kind's plural ({@code mcpserverentries}, …)
     * @param action ADDED, MODIFIED, DELETED (others are ignored)
     * @param json   the resource
     */
    public synchronized void onEvent(String plural, String action, String json) {
        WorkloadKind kind = WorkloadKind.byPlural(plural);
        if (kind == null || action == null) {
            return;
        }
        JsonNode resource;
        try {
            resource = Json.MAPPER.readTree(json);
        } catch (Exception e) {
            LOG.warn("Ignored a {} watch event that is not JSON", kind.kind());
            return;
        }
        String name = resource.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            return;
        }
        // a late event (an old watch still delivering after a restart) must not undo a newer state
        JsonNode mine = resources.get(kind).get(name);
        if (mine != null && version(resource) < version(mine)) {
            return;
        }
        switch (action) {
            case "ADDED", "MODIFIED" -> resources.get(kind).put(name, resource);
            case "DELETED" -> resources.get(kind).remove(name);
            default -> {
                return;
            }
        }
        LOG.debug("{} {} {}", kind.kind(), name, action.toLowerCase(Locale.ROOT));
        if (kind == WorkloadKind.MCP_SERVER_ENTRY) {
            entryGate.forget(name);
        }
        if (kind == WorkloadKind.MCP_SERVER_ENTRY || kind == WorkloadKind.MCP_EXTERNAL_AUTH_CONFIG) {
            // an entry's CA may be new; an auth config may now point at other Secrets
            configMaps.clear();
        }
        reconcile();
    }

    /**
     * The list at start, before the watches open: without an answer there is nothing to serve, and
     * that must be said, not left as an empty gateway.
     *
     * @throws IllegalStateException saying which namespace and why, when the API did not answer
     */
    public void firstList() {
        try {
            list();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Kubernetes discovery: the Kubernetes API did not answer a list of ToolHive"
                    + " resources in namespace " + namespace + " (" + lastListFailure + "). Dynamic mode (a config"
                    + " with groupRef and no backends) needs the API: run in the cluster with the service account, or"
                    + " set KUBECONFIG or KUBERNETES_MASTER", e);
        }
    }

    /**
     * Lists every kind and reconciles from the lists (the resync route).
     *
     * @return false when the API did not answer; logged once per new failure, the last view stays in force
     */
    public boolean resync() {
        String before = lastListFailure;
        try {
            list();
            return true;
        } catch (RuntimeException e) {
            if (!lastListFailure.equals(before)) {
                LOG.error("Kubernetes discovery: listing ToolHive resources in namespace {} failed; the last view stays"
                        + " in force: {}", namespace, lastListFailure);
            }
            return false;
        }
    }

    /** The exception and its root cause in one line (fabric8's own message names no reason). */
    private static String describe(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().trim());
        return root == e ? top : top + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
    }

    private void list() {
        Map<WorkloadKind, Map<String, JsonNode>> listed = new EnumMap<>(WorkloadKind.class);
        Map<WorkloadKind, Long> listVersions = new EnumMap<>(WorkloadKind.class);
        try {
            for (WorkloadKind k : WorkloadKind.values()) {
                Map<String, JsonNode> byName = new TreeMap<>();
                GenericKubernetesResourceList list = client.genericKubernetesResources(k.context()).inNamespace(namespace).list();
                for (GenericKubernetesResource r : list.getItems()) {
                    JsonNode node = Json.MAPPER.valueToTree(r);
                    byName.put(node.path("metadata").path("name").asText(""), node);
                }
                listed.put(k, byName);
                listVersions.put(k, list.getMetadata() == null ? -1 : number(list.getMetadata().getResourceVersion()));
            }
        } catch (RuntimeException e) {
            lastListFailure = describe(e);
            throw e;
        }
        boolean restart;
        synchronized (this) {
            boolean missed = false;
            for (WorkloadKind k : WorkloadKind.values()) {
                missed |= merge(k, listed.get(k), listVersions.get(k)) && k != WorkloadKind.MCP_GROUP && lastList != null;
            }
            // twice in a row: once may be an event still on its way; the consumer cannot close a live watch,
            // so a restart of a watch that was fine would leave two
            restart = missed && missedLastTime;
            missedLastTime = missed;
            configMaps.clear();
            entryGate.forgetAll();
            reportGroup(listed.get(WorkloadKind.MCP_GROUP));
            reconcile();
        }
        if (lastListFailure != null) {
            LOG.info("Kubernetes discovery: listing ToolHive resources in namespace {} works again", namespace);
            lastListFailure = null;
        }
        lastList = clock.instant();
        if (restart) {
            LOG.warn("Kubernetes discovery: two lists in a row found changes that no watch reported (a watch was cut?);"
                    + " the lists healed the view, the watches are restarted");
            missedLastTime = false;
            watchesMissedChanges.run();
        }
    }

    /** Why the view is incomplete now, or null when the last list is recent. */
    public String pending() {
        Instant last = lastList;
        if (last == null) {
            return "waiting for the first list of ToolHive resources in namespace " + namespace
                    + (lastListFailure == null ? "" : " (the Kubernetes API did not answer)");
        }
        Duration age = Duration.between(last, clock.instant());
        if (age.compareTo(resyncInterval.multipliedBy(2)) > 0) {
            return "the last list of ToolHive resources answered " + age.toSeconds() + " s ago (more than two resync"
                    + " periods); the Kubernetes API did not answer since";
        }
        return null;
    }

    /** When a list last answered, or null before the first. */
    public Instant lastList() {
        return lastList;
    }

    /** Workloads of the group that are not routed to, with the reason. */
    public synchronized Map<String, String> skipped() {
        return skipped;
    }

    /** Converts every workload of the group and hands the whole set to the registry. */
    private void reconcile() {
        GatewayConfig cfg = config.get();
        String group = cfg.groupRef();
        Map<String, JsonNode> authConfigs = resources.get(WorkloadKind.MCP_EXTERNAL_AUTH_CONFIG);
        WorkloadConversion.Lookups lookups = new WorkloadConversion.Lookups() {
            @Override
            public JsonNode externalAuthConfig(String name) {
                return authConfigs.get(name);
            }

            @Override
            public Map<String, String> configMapData(String name) {
                return configMaps.computeIfAbsent(name, n -> Optional.ofNullable(
                        client.configMaps().inNamespace(namespace).withName(n).get()).map(ConfigMap::getData)).orElse(null);
            }
        };
        Map<String, BackendSpec> current = registry.claims(BackendRegistry.KUBERNETES);
        List<BackendConfig> backends = new ArrayList<>();
        Map<String, AuthStrategy> discoveredAuth = new HashMap<>();
        List<BackendSpec> kept = new ArrayList<>();
        Map<String, String> notRouted = new LinkedHashMap<>();
        Map<String, WorkloadKind> taken = new HashMap<>();
        for (WorkloadKind kind : WORKLOADS) {
            for (JsonNode resource : resources.get(kind).values()) {
                if (!group.equals(WorkloadConversion.groupOf(resource))) {
                    continue;
                }
                String name = resource.path("metadata").path("name").asText("");
                WorkloadKind first = taken.putIfAbsent(name, kind);
                if (first != null) {
                    notRouted.put(kind.kind() + "/" + name, "the name is taken by " + first.kind() + " " + name);
                    continue;
                }
                WorkloadConversion.Result result;
                try {
                    result = WorkloadConversion.convert(kind, resource, lookups, entryGate::problem);
                } catch (RuntimeException e) {
                    // the API did not answer a lookup: keep what this workload gave before, if anything
                    BackendSpec before = current.get(name);
                    if (before != null) {
                        kept.add(before);
                    }
                    notRouted.put(kind.kind() + "/" + name, "could not be read completely (" + e.getClass().getSimpleName()
                            + "); " + (before == null ? "not routed yet" : "its last good version stays"));
                    continue;
                }
                if (result instanceof WorkloadConversion.Backend b) {
                    backends.add(b.config());
                    if (b.auth() != null) {
                        discoveredAuth.put(name, b.auth());
                    }
                } else {
                    notRouted.put(kind.kind() + "/" + name, ((WorkloadConversion.Skipped) result).reason());
                }
            }
        }
        // auth from the workload's own MCPExternalAuthConfig wins, else the config's outgoingAuth (ToolHive after #6513)
        BackendAssembler.Result assembled = BackendAssembler.assemble(backends,
                name -> discoveredAuth.getOrDefault(name, cfg.outgoingAuth().strategyFor(name)), cfg::timeoutFor, Map.of());
        assembled.rejected().forEach((name, reason) -> notRouted.put(taken.get(name).kind() + "/" + name, reason));
        List<BackendSpec> specs = new ArrayList<>(assembled.specs());
        kept.stream().filter(k -> specs.stream().noneMatch(s -> s.name().equals(k.name()))).forEach(specs::add);
        reportSkipped(notRouted);
        var change = registry.replace(BackendRegistry.KUBERNETES, specs);
        if (!change.isEmpty()) {
            LOG.info("Kubernetes discovery: {} backend(s) of group {} in namespace {}: {}", specs.size(), group, namespace,
                    specs.stream().map(BackendSpec::name).sorted().toList());
        }
    }

    private void reportSkipped(Map<String, String> now) {
        now.forEach((what, reason) -> {
            if (!reason.equals(skipped.get(what))) {
                LOG.warn("Kubernetes discovery: {} is not routed to: {}", what, reason);
            }
        });
        skipped.keySet().stream().filter(what -> !now.containsKey(what))
                .forEach(what -> LOG.info("Kubernetes discovery: {} is no longer held back (fixed, or gone)", what));
        skipped = Map.copyOf(now);
    }

    private void reportGroup(Map<String, JsonNode> groups) {
        String group = config.get().groupRef();
        boolean missing = !groups.containsKey(group);
        if (missing && !groupMissingReported) {
            LOG.warn("Kubernetes discovery: MCPGroup {} does not exist in namespace {}; workloads that name it are"
                    + " still used", group, namespace);
        }
        groupMissingReported = missing;
    }

    /**
     * Takes a list into the view, keeping what the watch said when it is newer than the list (an
     * object changed or created after the list was taken).
     *
     * @return true when the list knew something the watch had not said
     */
    private boolean merge(WorkloadKind kind, Map<String, JsonNode> listed, long listVersion) {
        Map<String, JsonNode> mine = resources.get(kind);
        boolean listAhead = false;
        for (var e : listed.entrySet()) {
            JsonNode ours = mine.get(e.getKey());
            if (ours == null || version(e.getValue()) > version(ours)) {
                listAhead = true;
                mine.put(e.getKey(), e.getValue());
            }
        }
        for (var it = mine.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!listed.containsKey(e.getKey()) && (listVersion < 0 || version(e.getValue()) <= listVersion)) {
                listAhead = true; // gone before the list was taken: a delete the watch did not report
                it.remove();
            }
        }
        return listAhead;
    }

    /** The resourceVersion as a number (etcd's revision, as every API server serves it), else -1. */
    private static long version(JsonNode resource) {
        return resource == null ? -1 : number(resource.path("metadata").path("resourceVersion").asText(""));
    }

    private static long number(String resourceVersion) {
        try {
            return resourceVersion == null ? -1 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
