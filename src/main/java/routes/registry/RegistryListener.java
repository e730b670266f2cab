package routes.registry;

/**
 * Hears every change of the served backends, after the registry's state has changed (so
 * {@link BackendRegistry#get} already answers with the new spec), in version order, on the
 * writer's thread. A listener that fails is logged and the others still hear the change.
 */
@FunctionalInterface
public interface RegistryListener {

    void registryChanged(RegistryChange change);
}
