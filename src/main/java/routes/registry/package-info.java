/**
 * What backends exist, where they come from, and who hears when that changes.
 *
 * <p>{@link routes.registry.BackendRegistry} holds each source's claims (the config file, later
 * Kubernetes) and serves one spec per name; {@link routes.registry.SourcePrecedence} is the one
 * rule for a name two sources claim. Sources write; everything else reads snapshots or listens:
 * <pre>
 * registry.addListener(change -&gt; change.events().forEach(e -&gt; ...));   // ADDED, CHANGED, REMOVED
 * registry.replace(BackendRegistry.CONFIG_FILE, specs);                // the source's whole set
 * registry.upsert("kubernetes", spec);  registry.remove("kubernetes", "name");
 * </pre>
 * {@link routes.backend.BackendRelease} is the listener that frees what a retired spec held
 * (backend sessions, HTTP endpoints and their connection pools).
 */
package routes.registry;
