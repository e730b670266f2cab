package routes.overrides;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The override folder ({@code caravan.routes.override-dir}): a YAML file named like a built-in
 * route file ({@code header-forward.yaml}) replaces that route; any other YAML file adds its routes.
 * Applied before the routes start (a broken file stops the start, naming the file and why, line
 * included when the YAML parser gives one), and again whenever the folder changes (route
 * {@code route-overrides}): a changed or added file takes effect, a removed override gives the
 * built-in route back, and the other routes keep serving. A file that does not load, or that
 * leaves a built-in step's {@code direct:} endpoint without a route (the routes that call it would
 * fail), is refused and the routes stay as they were. Files are read through symlinks, so a
 * Kubernetes ConfigMap mount (files linked through {@code ..data}, swapped at once) works; names
 * starting with a dot are the mount's own and are skipped.
 */
public final class RouteOverrides {

    private static final Logger LOG = LoggerFactory.getLogger(RouteOverrides.class);

    private final CamelContext camel;
    private final Path dir;
    /** Built-in route file name → its classpath location ("classpath:routes/x.yaml"); the route id is the name. */
    private final Map<String, String> builtIns;
    /** The endpoint each built-in route consumes: the contract the routes that call it rely on. */
    private final Map<String, String> builtInEndpoints = new TreeMap<>();
    /** File name → what was loaded from it. */
    private final Map<String, Loaded> loaded = new LinkedHashMap<>();
    /** The built-in route ids a file replaces now; read on every call by the step gates. */
    private volatile Set<String> replaced = Set.of();

    /** What one file gave: its content's digest and text, and the route ids it defined. */
    private record Loaded(String digest, String text, Set<String> routeIds) {
    }

    /**
     * @param builtIns the built-in route files by name (one route per file, its id the file name
     *                 without .yaml), as their classpath locations
     */
    public RouteOverrides(CamelContext camel, Path dir, Map<String, String> builtIns) {
        this.camel = camel;
        this.dir = dir;
        this.builtIns = Map.copyOf(builtIns);
    }

    /** The built-in route files: {@code routes/*.yaml} on the classpath. */
    public static Map<String, String> builtIns(CamelContext camel) throws Exception {
        Map<String, String> found = new TreeMap<>();
        for (Resource r : PluginHelper.getPackageScanResourceResolver(camel).findResources("classpath:routes/*.yaml")) {
            String location = r.getLocation();
            String name = location.substring(location.lastIndexOf('/') + 1);
            found.put(name, "classpath:routes/" + name);
        }
        return found;
    }

    /**
     * The start: every file of the folder is applied before the routes run; the first that
     * cannot be is an {@link IllegalStateException} naming it (the start fails with it).
     */
    public synchronized void start() {
        for (Route r : camel.getRoutes()) {
            builtInEndpoints.putIfAbsent(r.getRouteId(), r.getEndpoint().getEndpointUri());
        }
        // routes not started yet are definitions only: take the endpoints from them
        ((ModelCamelContext) camel).getRouteDefinitions()
                .forEach(d -> builtInEndpoints.putIfAbsent(d.getRouteId(), d.getInput().getEndpointUri()));
        builtInEndpoints.keySet().retainAll(builtIns.keySet().stream().map(RouteOverrides::routeId).toList());
        Map<String, String> files = read();
        for (Map.Entry<String, String> f : files.entrySet()) {
            String problem = apply(f.getKey(), f.getValue());
            if (problem != null) {
                throw new IllegalStateException("route override " + dir.resolve(f.getKey()) + ": " + problem);
            }
        }
        replaced = replacedNow();
        LOG.info("Route overrides from {}: {}", dir, loaded.isEmpty() ? "none" : describe());
    }

    /** Whether a file of the folder replaces the built-in route of this id now. */
    public boolean replaces(String routeId) {
        return replaced.contains(routeId);
    }

    private Set<String> replacedNow() {
        return Set.copyOf(loaded.keySet().stream().filter(builtIns::containsKey).map(RouteOverrides::routeId).toList());
    }

    /** The folder again (body of route-overrides): what changed is applied, what cannot be is refused and logged. */
    public synchronized void reload() {
        Map<String, String> files = read();
        for (String gone : new ArrayList<>(loaded.keySet())) {
            if (!files.containsKey(gone)) {
                remove(gone);
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Loaded before = loaded.get(f.getKey());
            if (before != null && before.digest().equals(digest(f.getValue()))) {
                continue;
            }
            String problem = apply(f.getKey(), f.getValue());
            if (problem != null) {
                LOG.error("Route override {} refused, the routes stay as they were: {}", dir.resolve(f.getKey()), problem);
            } else {
                LOG.info("Route override {} applied: {}", dir.resolve(f.getKey()), loaded.get(f.getKey()).routeIds());
            }
        }
        replaced = replacedNow();
    }

    /** Loads one file; on failure puts back what was there and returns why, else null. */
    private String apply(String name, String text) {
        Loaded before = loaded.get(name);
        Set<String> ids;
        try {
            ids = load(name, text);
        } catch (Exception e) {
            restore(name, before);
            return why(e);
        }
        if (ids.isEmpty()) {
            restore(name, before);
            return "it defines no route";
        }
        String builtIn = builtIns.containsKey(name) ? routeId(name) : null;
        if (builtIn != null && !ids.contains(builtIn)) {
            removeRoutes(ids);
            restore(name, before);
            return "it is named like the built-in route '" + builtIn + "' but defines " + ids
                    + "; an override must keep the route id it replaces";
        }
        for (String id : ids) {
            String owner = ownerOf(id, name);
            if (owner != null) {
                // loading replaced the owner's route of that id: it gets it back
                removeRoutes(ids);
                reinstate(id);
                restore(name, before);
                return "route id '" + id + "' is defined by " + owner + " already";
            }
        }
        String broken = brokenContract();
        if (broken != null) {
            restore(name, before);
            return broken;
        }
        if (before != null) {
            Set<String> dropped = new java.util.HashSet<>(before.routeIds());
            dropped.removeAll(ids);
            removeRoutes(dropped);
        }
        loaded.put(name, new Loaded(digest(text), text, Set.copyOf(ids)));
        return null;
    }

    /** A removed file: a built-in it replaced comes back; routes it added go. */
    private void remove(String name) {
        Loaded gone = loaded.remove(name);
        if (builtIns.containsKey(name)) {
            try {
                PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(
                        PluginHelper.getResourceLoader(camel).resolveResource(builtIns.get(name))));
                LOG.info("Route override {} removed: the built-in route '{}' is back", dir.resolve(name), routeId(name));
            } catch (Exception e) {
                LOG.error("Route override {} removed, but the built-in route '{}' could not be restored: {}", dir.resolve(name),
                        routeId(name), why(e));
            }
            Set<String> others = new java.util.HashSet<>(gone.routeIds());
            others.remove(routeId(name));
            removeRoutes(others);
        } else {
            removeRoutes(gone.routeIds());
            LOG.info("Route override {} removed: routes {} are gone", dir.resolve(name), gone.routeIds());
        }
    }

    /** After a failed load: what the file gave before, or the built-in route it replaced, or nothing. */
    private void restore(String name, Loaded before) {
        try {
            if (before != null) {
                load(name, before.text());
            } else if (builtIns.containsKey(name)) {
                PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(
                        PluginHelper.getResourceLoader(camel).resolveResource(builtIns.get(name))));
            }
        } catch (Exception e) {
            LOG.error("Route override {}: the routes before it could not be restored: {}", dir.resolve(name), why(e));
        }
    }

    private Set<String> load(String name, String text) throws Exception {
        Resource resource = ResourceHelper.fromString("file:" + dir.resolve(name), text);
        return PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(resource));
    }

    /** Loads again whatever defined this route id before: another file of the folder, or a built-in. */
    private void reinstate(String id) {
        try {
            for (Map.Entry<String, Loaded> l : loaded.entrySet()) {
                if (l.getValue().routeIds().contains(id)) {
                    load(l.getKey(), l.getValue().text());
                    return;
                }
            }
            String builtIn = builtIns.get(id + ".yaml");
            if (builtIn != null) {
                PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(PluginHelper.getResourceLoader(camel).resolveResource(builtIn)));
            }
        } catch (Exception e) {
            LOG.error("Route {} could not be restored: {}", id, why(e));
        }
    }

    /** Which other file (or the built-ins) defines this route id, or null. */
    private String ownerOf(String id, String file) {
        for (Map.Entry<String, Loaded> l : loaded.entrySet()) {
            if (!l.getKey().equals(file) && l.getValue().routeIds().contains(id)) {
                return dir.resolve(l.getKey()).toString();
            }
        }
        String builtInFile = id + ".yaml";
        if (builtIns.containsKey(builtInFile) && !builtInFile.equals(file) && !loaded.containsKey(builtInFile)) {
            return "the built-in route file " + builtInFile + " (name your file " + builtInFile + " to replace it)";
        }
        return null;
    }

    /** A built-in step's endpoint that no route consumes any more, said by name; else null. */
    private String brokenContract() {
        Set<String> consumed = new java.util.HashSet<>();
        for (Route r : camel.getRoutes()) {
            consumed.add(r.getEndpoint().getEndpointUri());
        }
        ((ModelCamelContext) camel).getRouteDefinitions().forEach(d -> consumed.add(d.getInput().getEndpointUri()));
        for (Map.Entry<String, String> e : builtInEndpoints.entrySet()) {
            String uri = e.getValue();
            if (uri.startsWith("direct:") && consumed.stream().noneMatch(c -> sameDirect(c, uri))) {
                return "no route consumes " + uri + " any more, the endpoint of the built-in step '" + e.getKey()
                        + "' that other routes call; an override of it must keep 'from: " + uri + "'";
            }
        }
        return null;
    }

    private static boolean sameDirect(String consumed, String uri) {
        String a = consumed.replace("direct://", "direct:");
        String b = uri.replace("direct://", "direct:");
        return a.equals(b) || a.startsWith(b + "?");
    }

    private void removeRoutes(Set<String> ids) {
        for (String id : ids) {
            try {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("Route {} could not be removed: {}", id, why(e));
            }
        }
    }

    /** The folder's YAML files by name, read through symlinks; a missing folder is an empty one. */
    private Map<String, String> read() {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(p)) {
                    files.put(name, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // a ConfigMap swap in progress: the next look sees the whole new set
            LOG.debug("Override folder {} not read: {}", dir, e.toString());
            return filesAsLoaded();
        }
        return files;
    }

    private Map<String, String> filesAsLoaded() {
        Map<String, String> same = new HashMap<>();
        loaded.forEach((name, l) -> same.put(name, l.text()));
        return same;
    }

    private String describe() {
        List<String> parts = new ArrayList<>();
        loaded.forEach((name, l) -> parts.add(builtIns.containsKey(name)
                ? "replaced " + routeId(name) + " (" + name + ")"
                : "added " + l.routeIds() + " (" + name + ")"));
        return String.join(", ", parts);
    }

    private static String routeId(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }

    /** The most specific message of a failure (the YAML parser's names the line and column). */
    private static String why(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null && messages.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && messages.stream().noneMatch(seen -> seen.contains(m.strip()))) {
                messages.add(m.strip());
            }
        }
        return messages.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", messages);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
